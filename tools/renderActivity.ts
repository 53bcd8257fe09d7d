/**
 * Turns the bot's outgoing activities into plain text and a list of pickable options, the way a
 * person would read them: message text, Adaptive Card text and facts, quick replies and card
 * buttons, events as one line. Used by the terminal chat and by the HTTP tests.
 */
import type { ReceivedActivity } from './replyReceiver';

/** What picking an option sends: a quick reply sends its text, a card button its data with empty text. */
export type OptionPayload = { text: string } | { text: ''; value: unknown };

export interface Option {
  label: string;
  payload: OptionPayload;
}

export interface Rendered {
  lines: string[];
  options: Option[];
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Chat markdown reads fine as text once the bold markers are gone. */
export function plain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1');
}

/**
 * The text of a card element, line by line. A column holding a small label over a value (the summary's
 * rows) reads "label: value"; a column that is a button (the row's "Ändern") is left out, as it is offered
 * as an option.
 */
function cardElementLines(element: Json): string[] {
  switch (element.type) {
    case 'TextBlock':
      return str(element.text) ? [plain(str(element.text))] : [];
    case 'RichTextBlock':
      return [
        records(element.inlines)
          .map((i) => str(i.text))
          .join(''),
      ];
    case 'FactSet':
      return records(element.facts).map((f) => `${str(f.title)}: ${str(f.value)}`);
    case 'Container':
      return records(element.items).flatMap(cardElementLines);
    case 'ColumnSet':
      return records(element.columns)
        .filter((c) => !isRecord(c.selectAction))
        .flatMap((c) => {
          const items = records(c.items);
          const [label, value] = items;
          if (items.length === 2 && label.size === 'Small' && value.type === 'TextBlock')
            return [`${plain(str(label.text))}: ${plain(str(value.text))}`];
          return items.flatMap(cardElementLines);
        });
    default:
      return [];
  }
}

/** Every tap target of an element (selectAction on it or on its columns), in reading order. */
function selectActions(element: Json): Json[] {
  const own = isRecord(element.selectAction) ? [element.selectAction] : [];
  return [...own, ...records(element.columns).flatMap(selectActions)];
}

function cardActions(actions: unknown, lines: string[]): Option[] {
  const options: Option[] = [];
  for (const action of records(actions)) {
    const title = str(action.title);
    if (action.type === 'Action.Submit' || action.type === 'Action.Execute') {
      options.push({ label: title, payload: { text: '', value: action.data ?? {} } });
    } else if (action.type === 'Action.OpenUrl') {
      lines.push(`${title}: ${str(action.url)}`);
    }
  }
  return options;
}

/** An Adaptive Card as text lines plus its submit buttons; Teams submits `data` as activity.value. */
export function renderAdaptiveCard(card: unknown): Rendered {
  if (!isRecord(card)) return { lines: [], options: [] };
  const body = records(card.body);
  // A row with a selectAction is a button (the summary's and the group chat's choices), and so is a column
  // with one (the summary's "Ändern").
  const rows = body.flatMap(selectActions);
  const lines = body.filter((e) => !isRecord(e.selectAction)).flatMap(cardElementLines);
  const nestedActions = body.filter((e) => e.type === 'ActionSet').flatMap((e) => records(e.actions));
  const options = cardActions([...rows, ...nestedActions, ...records(card.actions)], lines);
  return { lines, options };
}

function heroCardButtons(buttons: unknown): Option[] {
  return records(buttons).map((b) => ({
    label: str(b.title),
    payload: { text: str(b.value) || str(b.title) },
  }));
}

function renderAttachment(attachment: Json): Rendered {
  const content = attachment.content;
  switch (attachment.contentType) {
    case 'application/vnd.microsoft.card.adaptive':
      return renderAdaptiveCard(content);
    case 'application/vnd.microsoft.card.hero':
    case 'application/vnd.microsoft.card.thumbnail': {
      const card = isRecord(content) ? content : {};
      const lines = [str(card.title), plain(str(card.text))].filter(Boolean);
      return { lines, options: heroCardButtons(card.buttons) };
    }
    default:
      return { lines: [`[attachment ${str(attachment.name) || str(attachment.contentType)}]`], options: [] };
  }
}

function suggestedOptions(activity: ReceivedActivity): Option[] {
  return records(activity.suggestedActions?.actions).map((a) => {
    const label = str(a.title) || str(a.value);
    // imBack and postBack send their value as the message text.
    return { label, payload: { text: str(a.value) || label } };
  });
}

/** How an event the bot sent reads: a sentence in the chat's language (the terminal chat's locale strings). */
export type EventLine = (name: string) => string;

const plainEventLine: EventLine = (name) => `[event ${name}]`;

/**
 * One batch of replies (everything the bot said in one turn). Card buttons of every card count, but
 * only the last quick replies, as in Web Chat: older ones are stale.
 */
export function renderActivities(activities: ReceivedActivity[], eventLine = plainEventLine): Rendered {
  const lines: string[] = [];
  const cardOptions: Option[] = [];
  let quickReplies: Option[] = [];
  for (const activity of activities) {
    if (activity.type === 'message') {
      if (activity.text) lines.push(plain(activity.text));
      for (const attachment of records(activity.attachments)) {
        const rendered = renderAttachment(attachment);
        lines.push(...rendered.lines);
        cardOptions.push(...rendered.options);
      }
      const suggested = suggestedOptions(activity);
      if (suggested.length) quickReplies = suggested;
    } else if (activity.type === 'event') {
      lines.push(eventLine(str(activity.name)));
    }
  }
  return { lines, options: [...cardOptions, ...quickReplies] };
}

/**
 * A line broken at spaces so that none is wider than `width` (a word longer than that stands alone),
 * every line after the first indented by `indent`; the line's own breaks stay.
 */
export function wrapLine(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const room = width - (out.length ? indent.length : 0);
      if (line && line.length + 1 + word.length > room) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out.map((l, i) => (i ? `${indent}${l}` : l)).join('\n');
}

/** "1) Ja  2) Nein  3) Nicht sicher" */
export function numbered(options: Option[]): string {
  return options.map((o, i) => `${i + 1}) ${o.label}`).join('  ');
}
