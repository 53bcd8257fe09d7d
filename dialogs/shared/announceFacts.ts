import type { TurnContext } from 'botbuilder';
import type { SlotName } from '../../domain/caseRecord';
import { countryName } from '../../domain/countries';
import { vatPrefixFor } from '../../domain/vat';
import type { CaseUpdate } from '../../form/caseStore';
import type { Extraction } from '../../form/extractFacts';
import { renderNote, SLOTS } from '../../form/slots';
import type { Translator } from '../../i18n/translator';

/**
 * What the customer hears when a message gave the case facts: briefly what was taken ("Notiert:
 * Österreich, Banküberweisung"), what they should know about it (VAT rules of the country, a VAT ID
 * that no longer fits), and the reason for each value that failed its check. One message, or none.
 */
export async function announceFacts(
  context: TurnContext,
  tr: Translator,
  extraction: Extraction,
  update: CaseUpdate | undefined,
  /** The open question's slot: its answer is no news, and its errors are the question's to tell. */
  requested: SlotName | undefined,
  /** The facts came from the form card, which shows them and their errors itself: only the notes. */
  fromForm = false,
): Promise<void> {
  const lines: string[] = [];
  if (fromForm) {
    for (const slot of update?.changed ?? []) {
      for (const note of SLOTS[slot].notes?.(update!.record) ?? []) lines.push(renderNote(note, tr));
    }
    if (lines.length) await context.sendActivity(lines.join('\n\n'));
    return;
  }
  const record = update?.record ?? {};
  // A slot worked out from another value is news even where it was asked for ("Österreich, from the VAT ID").
  const news = (update?.changed ?? []).filter(
    (slot) => slot !== requested || extraction.derived.includes(slot),
  );
  const shown = news
    .map((slot) => {
      const text = SLOTS[slot].display(record, tr);
      if (!text) return undefined;
      return extraction.derived.includes(slot) ? tr.t('form.fromVatId', { country: text }) : text;
    })
    .filter((t): t is string => Boolean(t));
  if (shown.length) lines.push(tr.t('form.noted', { facts: shown.join(', ') }));
  for (const slot of update?.changed ?? []) {
    for (const note of SLOTS[slot].notes?.(record) ?? []) lines.push(renderNote(note, tr));
  }
  for (const { note } of update?.cleared ?? []) if (note) lines.push(renderNote(note, tr));
  for (const error of extraction.errors) {
    if (error.slot === requested) continue;
    lines.push(tr.t(error.reasonKey, error.args));
    for (const key of error.extraKeys ?? []) lines.push(tr.t(key));
  }
  // Outside the details form a contradicting VAT ID is only reported; the form asks which is right.
  if (extraction.conflict && !requested) {
    const { vatId, country } = extraction.conflict;
    lines.push(
      tr.t('validation.vat.countryMismatch', {
        input: vatId,
        country: countryName(country, tr.language),
        prefix: vatPrefixFor(country) ?? country,
      }),
    );
  }
  if (lines.length) await context.sendActivity(lines.join('\n\n'));
}
