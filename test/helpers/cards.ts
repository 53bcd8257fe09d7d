type Block = { type: string; text?: string; size?: string };
type Column = { items?: Block[]; selectAction?: { title?: string } };
type Card = { body?: { type: string; columns?: Column[]; selectAction?: { title?: string } }[] };

/** The facts of the summary card, as "title: value" lines: each row's small label over its value. */
export function cardFacts(reply: { attachments: { content?: unknown }[] }): string[] {
  const content = reply.attachments[0]?.content as Card;
  return (content?.body ?? [])
    .filter((b) => b.type === 'ColumnSet')
    .map((row) => row.columns?.[0]?.items ?? [])
    .filter(([label, value]) => label?.size === 'Small' && value?.type === 'TextBlock')
    .map(([label, value]) => `${label.text}: ${value.text}`);
}

/** The titles of the summary card's tap targets, in order: each row's "Ändern", then the confirm. */
export function cardChoices(reply: { attachments: { content?: unknown }[] }): string[] {
  const content = reply.attachments[0]?.content as Card;
  return (content?.body ?? []).flatMap((b) => [
    ...(b.columns ?? []).flatMap((c) => (c.selectAction?.title ? [c.selectAction.title] : [])),
    ...(b.selectAction?.title ? [b.selectAction.title] : []),
  ]);
}
