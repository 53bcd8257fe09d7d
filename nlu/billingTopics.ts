/**
 * Words of billing matters the assistant does not handle itself (refunds, cancelling the
 * subscription, disputed or declined charges, prices, addresses): a message that is none of the
 * intents but mentions one of these is sent to customer service rather than told "I didn't
 * understand". German and English stems, umlauts folded.
 */
const BILLING_MATTER =
  /\b(?:refund\w*|reimburs\w*|charged?|charges|declined|overcharg\w*|dispute\w*|subscription\w*|contract\w*|cancel\w*\s+(?:my|our|the)\s+\w+|price\w*|pricing|tax\w*|address\w*|invoic\w*|bill\w*|payment\w*|card\w*|erstatt\w*|rueckerstatt\w*|gutschrift\w*|belast\w*|abgebucht\w*|abbuchung\w*|abgelehnt\w*|doppelt\w*|kuendig\w*|abo\w*|vertrag\w*|preis\w*|steuer\w*|adresse\w*|rechnung\w*|abrechnung\w*|zahlung\w*|karte\w*)\b/i;

export function mentionsBillingMatter(text: string): boolean {
  const folded = text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss');
  return BILLING_MATTER.test(folded);
}
