import type { SlotName } from '../domain/caseRecord';

/** Starts like a question, in German or English. */
const QUESTION_START =
  /^(?:what|what's|whats|where|why|how|which|who|was|wo|woher|wozu|wofür|wofuer|warum|wieso|weshalb|wie|welche[rsmn]?|muss|brauche|brauchen|do|does|must|is|ist)\b/i;
/** Words that point back at the thing being asked for ("wo finde ich die", "why do you need this"). */
const POINTS_AT_IT =
  /\b(?:die|das|dies\w*|sie|es|ihn|it|this|that|one|you|ihr|vat|ust\S*|umsatzsteuer\S*|uid|e-?mail|mail|adresse|address|firma|firmenname|company|user\s*-?id|benutzer\S*|land|country|method|methode|zahlungsmethode)\b/i;

/**
 * Whether a reply at a field question asks about the field instead of answering it: "was ist
 * das?", "where do I find it?", "why do you need this". A company name is taken as it comes
 * unless it ends in "?" or starts like a question that points back at the question ("What If
 * Ltd" stays a company).
 */
export function asksAboutField(text: string, field: SlotName): boolean {
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/).length;
  const questionMark = /\?\s*$/.test(trimmed);
  if (field === 'companyName') {
    return words >= 3 && QUESTION_START.test(trimmed) && (questionMark || POINTS_AT_IT.test(trimmed));
  }
  return questionMark || (words >= 2 && QUESTION_START.test(trimmed));
}

/** Whether the question points back at the field rather than at a topic of its own. */
export function pointsAtTheField(text: string): boolean {
  return POINTS_AT_IT.test(text);
}
