/** The FactSet of the summary card, as "title: value" lines. */
export function cardFacts(reply: { attachments: { content?: unknown }[] }): string[] {
  const content = reply.attachments[0]?.content as {
    body?: { type: string; facts?: { title: string; value: string }[] }[];
  };
  const factSet = content?.body?.find((b) => b.type === 'FactSet');
  return (factSet?.facts ?? []).map((f) => `${f.title}: ${f.value}`);
}
