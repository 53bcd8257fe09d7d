import type { Language } from '../domain/language';
import { lineId, type MissedLine, type MissedLineKind } from './missedLines';

export interface ReviewLine {
  id: string;
  language: Language;
  text: string;
  /** How often the line was missed, and how. */
  count: number;
  kinds: MissedLineKind[];
  lastAt: string;
  label?: string;
}

export interface ReviewGroup {
  lines: ReviewLine[];
  count: number;
}

const wordsOf = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 2),
  );

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/**
 * Missed lines grouped by similarity (shared words, Jaccard at least `threshold`, same language), the most
 * frequent group first, so a supervisor labels a whole family of lines at once.
 */
export function groupMissedLines(
  lines: MissedLine[],
  labels: Record<string, { label: string }>,
  threshold = 0.4,
): ReviewGroup[] {
  const unique = new Map<string, ReviewLine>();
  for (const line of lines) {
    const id = lineId(line);
    const known = unique.get(id);
    if (known) {
      known.count += 1;
      if (!known.kinds.includes(line.kind)) known.kinds.push(line.kind);
      if (line.at > known.lastAt) known.lastAt = line.at;
    } else {
      unique.set(id, {
        id,
        language: line.language,
        text: line.text,
        count: 1,
        kinds: [line.kind],
        lastAt: line.at,
        label: labels[id]?.label,
      });
    }
  }
  const groups: Array<{ words: Set<string>; language: Language; group: ReviewGroup }> = [];
  for (const line of [...unique.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))) {
    const words = wordsOf(line.text);
    const home = groups.find((g) => g.language === line.language && similarity(g.words, words) >= threshold);
    if (home) {
      home.group.lines.push(line);
      home.group.count += line.count;
    } else {
      groups.push({ words, language: line.language, group: { lines: [line], count: line.count } });
    }
  }
  return groups.map((g) => g.group).sort((a, b) => b.count - a.count);
}
