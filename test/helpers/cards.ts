/** The facts of the summary card, as "title: value" lines: each row's small label over its value. */
export function cardFacts(reply: { attachments: { content?: unknown }[] }): string[] {
  type Block = { type: string; text?: string; isSubtle?: boolean };
  const content = reply.attachments[0]?.content as {
    body?: { type: string; columns?: { items?: Block[] }[] }[];
  };
  return (content?.body ?? [])
    .filter((b) => b.type === 'ColumnSet')
    .map((row) => row.columns?.[0]?.items ?? [])
    .filter(([label, value]) => label?.isSubtle && value?.type === 'TextBlock')
    .map(([label, value]) => `${label.text}: ${value.text}`);
}

/** The titles of the summary card's tap targets, in order: the rows that correct a fact, then the confirm. */
export function cardChoices(reply: { attachments: { content?: unknown }[] }): string[] {
  const content = reply.attachments[0]?.content as { body?: { selectAction?: { title?: string } }[] };
  return (content?.body ?? []).flatMap((b) => (b.selectAction?.title ? [b.selectAction.title] : []));
}
