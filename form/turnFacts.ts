import type { TurnContext } from 'botbuilder';
import type { SlotName } from '../domain/caseRecord';
import type { SlotError, VatConflict } from './extractFacts';

/** What this turn's message gave the case; the router records it, the open question reads it. */
export interface TurnFacts {
  /** Slots the message set or changed. */
  filled: SlotName[];
  /** Values the message carried that failed their check. */
  errors: SlotError[];
  conflict?: VatConflict;
}

const KEY = Symbol('turnFacts');

export function setTurnFacts(context: TurnContext, facts: TurnFacts): void {
  context.turnState.set(KEY, facts);
}

export function turnFacts(context: TurnContext): TurnFacts {
  const facts: unknown = context.turnState.get(KEY);
  return (facts as TurnFacts | undefined) ?? { filled: [], errors: [] };
}
