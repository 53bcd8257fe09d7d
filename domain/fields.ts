import { z } from 'zod';

// Error messages are locale keys (never English text): the dialogs translate them for the user.

const LETTER = /\p{L}/gu;

/**
 * What customers put before an answer ("our company is called ...", "meine Benutzer-ID lautet
 * ...", "it's ..."): removed, with quotes and closing punctuation, so the value stays. Only
 * lead-ins that end in a verb or a colon count, so "The Company Ltd" keeps its name.
 */
const COMPANY_LEAD_IN =
  /^(?:(?:our|my|the)\s+)?(?:company|firm|business|organi[sz]ation)(?:\s+name)?\s*(?:is\s+called|is|:)\s+|^(?:we'?re|we\s+are)\s+called\s+|^(?:(?:unsere|meine|die)\s+)?(?:firma|firmenname|unternehmen)\s*(?:heißt|heisst|lautet|ist|:)\s+|^wir\s+(?:heißen|heissen)\s+|^(?:firma|company)\s*:\s*/iu;
const USER_ID_LEAD_IN =
  /^(?:(?:it'?s|it\s+is|that'?s|das\s+ist|es\s+ist)\s+)|^(?:(?:my|our|the|meine|unsere|die)\s+)?(?:user\s*-?\s*id|username|user\s+name|login|benutzer\s*-?\s*(?:id|name|kennung)|benutzerkennung|kennung)\s*(?:ist|is|:|=|lautet|heißt|heisst)\s*/iu;

function withoutLeadIn(pattern: RegExp): (value: unknown) => unknown {
  return (value) => {
    if (typeof value !== 'string') return value;
    const stripped = value
      .trim()
      .replace(pattern, '')
      .replace(/^["'„“‚‘«»]+|["'“”‘’«».!,;]+$/gu, '')
      .trim();
    return stripped || value;
  };
}

export const companyNameSchema = z.preprocess(
  withoutLeadIn(COMPANY_LEAD_IN),
  z
    .string({ error: 'validation.companyName.tooShort' })
    .trim()
    .min(2, { error: 'validation.companyName.tooShort' })
    .max(120, { error: 'validation.companyName.tooLong' })
    .refine((name) => (name.match(LETTER) ?? []).length >= 2, { error: 'validation.companyName.noLetters' }),
);

export type CompanyName = z.infer<typeof companyNameSchema>;

/** A legal form at the end of a name ("Muster GmbH", "Acme Ltd.", "Dupont S.A."): short ones upper case only. */
const LEGAL_FORM =
  /(?:^|\s)(?:GmbH(?:\s*&\s*Co\.?\s*KG)?|AG|KG|KGaA|OHG|UG(?:\s*\(haftungsbeschränkt\))?|GbR|e\.\s?K\.|e\.\s?V\.|SE|[Ll]td\.?|[Ll]imited|LLC|LLP|[Ii]nc\.?|[Cc]orp\.?|[Cc]orporation|PLC|plc|S\.A\.?|SA|SAS|SARL|S\.r\.l\.?|Srl|S\.p\.A\.?|SpA|B\.V\.?|BV|N\.V\.?|NV|Oy|AB|A\/S|ApS|sp\.\s?z\s?o\.\s?o\.?|s\.r\.o\.?|Kft\.?)$/u;

/** Where a company name introduced in a sentence stops: "... GmbH und wir sitzen in Wien". */
const NAME_ENDS =
  /\s+(?:und|and|aber|but|wir|we)\s+(?:wir|ich|we|i|our|unser\w*|mein\w*|my|sitzen|are|sind|haben|have|moechten|möchten|want|would)\b|[.;!?](?:\s|$)/iu;

/**
 * A company name inside a message that answers something else: introduced by a lead-in ("unsere Firma
 * heißt ...", "our company is ...") or ending in a legal form ("Muster GmbH"). Undefined otherwise: a bare
 * name is only taken as the answer to the company question.
 */
export function findCompanyInText(text: string): string | undefined {
  const trimmed = text.trim();
  const lead = COMPANY_LEAD_IN.exec(trimmed);
  if (lead && lead.index === 0) {
    const rest = trimmed.slice(lead[0].length);
    const end = NAME_ENDS.exec(rest);
    const name = (end ? rest.slice(0, end.index) : rest)
      .replace(/^["'„“‚‘«»]+|["'“”‘’«».!,;]+$/gu, '')
      .trim();
    return companyNameSchema.safeParse(name).success ? name : undefined;
  }
  const words = trimmed.split(/\s+/).length;
  if (words <= 8 && LEGAL_FORM.test(trimmed.replace(/[.!,;]+$/u, (m) => (m.startsWith('.') ? '.' : '')))) {
    return companyNameSchema.safeParse(trimmed).success ? trimmed.replace(/[!,;]+$/u, '') : undefined;
  }
  return undefined;
}

/** Stops before trailing sentence punctuation ("... an max@firma.de.") because the TLD must end in letters. */
const EMAIL_IN_TEXT = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;

/** The first email address in a sentence ("meine mail ist Max.Muster@Firma.de" -> "Max.Muster@Firma.de"). */
export function findEmailInText(text: string): string | undefined {
  return EMAIL_IN_TEXT.exec(text)?.[0];
}

export const accountEmailSchema = z.preprocess(
  (value) => (typeof value === 'string' ? (findEmailInText(value) ?? value) : value),
  z
    .string({ error: 'validation.email.invalid' })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: 'validation.email.invalid' })),
);

export type AccountEmail = z.infer<typeof accountEmailSchema>;

/** Corporate Billing Portal User IDs are a username or an email address (DOMAIN.md). */
const USERNAME = /^[\p{L}\p{N}._@-]+$/u;
const emailFormat = z.email();

export const corporateUserIdSchema = z.preprocess(
  withoutLeadIn(USER_ID_LEAD_IN),
  z
    .string({ error: 'validation.userId.invalid' })
    .trim()
    .min(3, { error: 'validation.userId.invalid' })
    .max(100, { error: 'validation.userId.invalid' })
    .refine((id) => USERNAME.test(id) || emailFormat.safeParse(id).success, {
      error: 'validation.userId.invalid',
    }),
);

export type CorporateUserId = z.infer<typeof corporateUserIdSchema>;

/** "meine Benutzer-ID ist max.muster", "user id: jane.doe": a User ID named as such inside a message. */
const NAMED_USER_ID =
  /(?:^|[\s,;])(?:user\s*-?\s*id|username|user\s+name|benutzer\s*-?\s*(?:id|name|kennung)|benutzerkennung)\s*(?:ist|is|:|=|lautet|heißt|heisst)?\s*["'„“]?([\p{L}\p{N}._@-]{3,100})/iu;

export function findUserIdInText(text: string): string | undefined {
  const id = NAMED_USER_ID.exec(text)?.[1];
  if (!id || /^(?:ist|is|lautet|heißt|heisst)$/i.test(id)) return undefined;
  return corporateUserIdSchema.safeParse(id).success ? id : undefined;
}

/** The locale key of the first problem, for the one message the user sees. */
export function firstIssueKey(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'validation.invalid';
}
