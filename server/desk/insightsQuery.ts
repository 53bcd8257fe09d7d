import { z } from 'zod';
import { ACCOUNT_KINDS } from '../../domain/accountKind';
import { LANGUAGES, type Language } from '../../domain/language';
import type { Translator } from '../../i18n/translator';
import { INSIGHT_CHANNELS } from '../../insights/insightEvent';
import { reportFilterSchema, type ReportFilter } from '../../insights/insightReport';
import { INTENTS } from '../../nlu/intents';

/** What a supervisor may assign to a missed line: an intent of the training data, or 'none' (out of scope). */
export const REVIEW_LABELS = [...INTENTS, 'none'] as const;
export type ReviewLabel = (typeof REVIEW_LABELS)[number];

/** The query parameters the dashboard's filter form sends; `lang` (page language) is read apart, as the desk does. */
const FILTER_PARAMS = ['days', 'language', 'channel', 'accountKind'] as const;
type FilterParam = (typeof FILTER_PARAMS)[number];

/** A chart image in two sizes: the page offers the narrow one to phones (a <picture> source). */
export const CHART_SIZES = ['wide', 'narrow'] as const;
export type ChartSize = (typeof CHART_SIZES)[number];

/** One bad parameter, named so the page and the JSON answer can say which and why. */
export interface QueryProblem {
  param: FilterParam | 'size' | 'reviewLanguage';
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: QueryProblem[] };

/** The query string as single values; a form's "all" option sends an empty value, which means "not set". */
function paramsOf(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(query)) {
    if (value.trim() !== '') params.set(key, value.trim());
  }
  return params;
}

function problemFor(param: QueryProblem['param'], tr: Translator): QueryProblem {
  const values: Record<QueryProblem['param'], readonly string[]> = {
    days: [],
    language: LANGUAGES,
    reviewLanguage: LANGUAGES,
    channel: INSIGHT_CHANNELS,
    accountKind: ACCOUNT_KINDS,
    size: CHART_SIZES,
  };
  return { param, message: tr.t(`insights.query.${param}`, { values: values[param].join(', ') }) };
}

/**
 * The dashboard's filters from a query string, checked by the report's own schema. `days` must be plain
 * digits (zod's number coercion would also take "1e1" or "0x10"); anything else wrong is named, never a 500.
 */
export function parseFilter(query: string, tr: Translator): Parsed<ReportFilter> {
  const params = paramsOf(query);
  const raw = Object.fromEntries(FILTER_PARAMS.flatMap((p) => (params.has(p) ? [[p, params.get(p)]] : [])));
  const problems: QueryProblem[] = [];
  if (raw.days !== undefined && !/^[0-9]{1,3}$/.test(raw.days)) problems.push(problemFor('days', tr));
  const parsed = reportFilterSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const param = String(issue.path[0]) as FilterParam;
      if (!problems.some((p) => p.param === param)) problems.push(problemFor(param, tr));
    }
  }
  return problems.length || !parsed.success ? { ok: false, problems } : { ok: true, value: parsed.data };
}

export function parseSize(query: string, tr: Translator): Parsed<ChartSize> {
  const size = z.enum(CHART_SIZES).default('wide').safeParse(paramsOf(query).get('size'));
  return size.success ? { ok: true, value: size.data } : { ok: false, problems: [problemFor('size', tr)] };
}

/** The review page's language filter (`language`, optional: both). */
export function parseReviewLanguage(query: string, tr: Translator): Parsed<Language | undefined> {
  const language = z.enum(LANGUAGES).optional().safeParse(paramsOf(query).get('language'));
  return language.success
    ? { ok: true, value: language.data }
    : { ok: false, problems: [problemFor('reviewLanguage', tr)] };
}

/** The filters as a query string (for the chart images, exports and the language switch), defaults left out. */
export function filterQuery(filter: ReportFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  if (filter.days !== 7) params.set('days', String(filter.days));
  if (filter.language) params.set('language', filter.language);
  if (filter.channel) params.set('channel', filter.channel);
  if (filter.accountKind) params.set('accountKind', filter.accountKind);
  return params.toString();
}

/** A review: the lines (by id) and their label; null clears it. */
export const labelRequestSchema = z.strictObject({
  ids: z
    .array(
      z
        .string()
        .max(320)
        .regex(/^(de|en):/),
    )
    .min(1)
    .max(200),
  label: z.enum(REVIEW_LABELS).nullable(),
});
