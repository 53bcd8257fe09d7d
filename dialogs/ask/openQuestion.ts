import type { DialogContext } from 'botbuilder-dialogs';
import { DETAIL_SLOTS, type SlotName } from '../../domain/caseRecord';

/** What the open question expects, as it tells the router (so the router never reads prompt internals). */
export interface OpenQuestion {
  /** The slot it asks for, if any: the message's facts answer it. */
  slot?: SlotName;
  /** A name or identifier is asked for: no language switch, no typo commands ("Ciao GmbH"). */
  freeText: boolean;
  /** A field (country, VAT ID, name ...) rather than a choice is asked for. */
  field: boolean;
}

/** Dialog event the router sends down to the leaf: the open question answers by filling in `value.question`. */
export const DESCRIBE_OPEN_QUESTION = 'openQuestion.describe';

export interface DescribeRequest {
  question?: OpenQuestion;
}

/** Asks the innermost active dialog what it expects; undefined when no question is open. */
export async function describeOpenQuestion(dc: DialogContext): Promise<OpenQuestion | undefined> {
  if (!dc.activeDialog) return undefined;
  const request: DescribeRequest = {};
  await dc.emitEvent(DESCRIBE_OPEN_QUESTION, request, false, true);
  return request.question;
}

export const isDetailSlot = (slot: SlotName | undefined): boolean =>
  slot !== undefined && (DETAIL_SLOTS as readonly string[]).includes(slot);
