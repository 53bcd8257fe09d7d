import { LANGUAGES, type Language } from '../../domain/language';
import type { Translator } from '../../i18n/translator';
import type { ReviewGroup, ReviewLine } from '../../insights/missedLineGroups';
import { REVIEW_LABELS } from './insightsQuery';
import { escapeHtml, INSIGHTS_PREFIX, renderShell } from './insightsShell';

const REVIEW_PATH = `${INSIGHTS_PREFIX}/review`;

/** The intent choices, readable in the page's language, the current one selected. */
function intentOptions(tr: Translator, current: string | undefined): string {
  const placeholder = `<option value=""${current ? '' : ' selected'}>${escapeHtml(tr.t('insights.review.choose'))}</option>`;
  return (
    placeholder +
    REVIEW_LABELS.map(
      (label) =>
        `<option value="${label}"${label === current ? ' selected' : ''}>${escapeHtml(tr.t(`insights.intents.${label}`))}</option>`,
    ).join('')
  );
}

/**
 * A label form: one submit assigns the chosen intent to every line it names. The lines' ids travel as
 * JSON in a data attribute (escaped like any attribute); the script posts them with the CSRF token.
 */
function labelForm(tr: Translator, id: string, ids: string[], current: string | undefined, label: string) {
  const t = (key: string) => escapeHtml(tr.t(`insights.review.${key}`));
  return `<form class="label-form" data-label-form data-ids="${escapeHtml(JSON.stringify(ids))}">
              <label for="${id}">${escapeHtml(label)}</label>
              <span class="controls">
                <select id="${id}" name="label" required>${intentOptions(tr, current)}</select>
                <button type="submit" class="primary">${t('assign')}</button>
                <button type="button" data-clear${current ? '' : ' hidden'}>${t('clear')}</button>
              </span>
            </form>`;
}

function lineItem(tr: Translator, line: ReviewLine, id: string): string {
  const t = (key: string, args?: Record<string, string | number>) =>
    escapeHtml(tr.t(`insights.review.${key}`, args));
  const kinds = line.kinds.map((k) => tr.t(`insights.review.kindLabels.${k}`)).join(', ');
  const current = line.label ? tr.t(`insights.intents.${line.label}`) : tr.t('insights.review.unlabelled');
  // The customer's words: escaped here, and the script only ever sets textContent.
  return `<li class="line" data-line="${escapeHtml(line.id)}">
            <p class="line-text" id="${id}-text" lang="${line.language}">${escapeHtml(line.text)}</p>
            <p class="line-meta">${t('times', { count: line.count })} · ${escapeHtml(kinds)} · ${t('current')} <strong data-current${line.label ? ' data-labelled' : ''}>${escapeHtml(current)}</strong></p>
            ${labelForm(tr, `${id}-label`, [line.id], line.label, tr.t('insights.review.lineLabel'))}
          </li>`;
}

function groupSection(tr: Translator, group: ReviewGroup, index: number): string {
  const t = (key: string, args?: Record<string, string | number>) =>
    escapeHtml(tr.t(`insights.review.${key}`, args));
  const id = `group-${index + 1}`;
  const language = tr.t(`insights.languages.${group.lines[0].language}`);
  const groupForm =
    group.lines.length > 1
      ? labelForm(
          tr,
          `${id}-label`,
          group.lines.map((l) => l.id),
          undefined,
          tr.t('insights.review.groupLabel'),
        )
      : '';
  return `      <article class="group" aria-labelledby="${id}-heading">
        <h3 id="${id}-heading">${t(group.lines.length > 1 ? 'group' : 'groupOne', { number: index + 1, count: group.count, lines: group.lines.length })} · ${escapeHtml(language)}</h3>
        ${groupForm}
        <ul class="lines">
          ${group.lines.map((line, i) => lineItem(tr, line, `${id}-line-${i + 1}`)).join('\n          ')}
        </ul>
      </article>`;
}

/** The review of missed lines: grouped by similarity, one submit per line or per group, and the exports. */
export function renderReview(
  tr: Translator,
  groups: ReviewGroup[],
  language: Language | undefined,
  retentionDays: number,
  query: string,
  who: { displayName: string; csrfToken: string },
): string {
  const t = (key: string, args?: Record<string, string | number>) =>
    escapeHtml(tr.t(`insights.review.${key}`, args));
  const options = [
    ['', tr.t('insights.filters.all')],
    ...LANGUAGES.map((l) => [l, tr.t(`insights.languages.${l}`)]),
  ]
    .map(
      ([value, text]) =>
        `<option value="${value}"${value === (language ?? '') ? ' selected' : ''}>${escapeHtml(text)}</option>`,
    )
    .join('');
  const exports = LANGUAGES.map(
    (l) =>
      `<li><a href="${REVIEW_PATH}/utterances.${l}.json" download>${t('exportLink', { language: tr.t(`insights.languages.${l}`), lang: l })}</a></li>`,
  ).join('');
  const body = groups.length
    ? groups.map((g, i) => groupSection(tr, g, i)).join('\n')
    : `      <p class="empty">${t('empty', { days: retentionDays })}</p>`;
  return renderShell(tr, {
    path: REVIEW_PATH,
    query,
    current: 'review',
    who: { ...who, supervisor: true },
    body: `      <h2>${t('heading')}</h2>
      <p class="intro">${t('intro', { days: retentionDays })}</p>
      <form class="filters" method="get" action="${REVIEW_PATH}">
        <fieldset>
          <legend>${escapeHtml(tr.t('insights.filters.legend'))}</legend>
          <input type="hidden" name="lang" value="${tr.language}" />
          <label>${t('languageFilter')} <select name="language">${options}</select></label>
          <button type="submit" class="primary">${t('show')}</button>
        </fieldset>
      </form>
      <section class="exports" aria-labelledby="export-heading">
        <h2 id="export-heading">${t('exportHeading')}</h2>
        <p>${t('exportIntro')}</p>
        <ul>${exports}</ul>
      </section>
      <p class="status" role="status" data-review-status></p>
      <section class="groups" aria-labelledby="groups-heading">
        <h2 id="groups-heading">${t('groupsHeading')}</h2>
${body}
      </section>`,
  });
}
