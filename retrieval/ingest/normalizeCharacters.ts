/** Counts of the extraction artefacts that were repaired; the cleaner source wins duplicate detection. */
export interface RepairStats {
  dehyphenated: number;
  pageBreaks: number;
  typographic: number;
  wrappedLines: number;
}

export function emptyRepairStats(): RepairStats {
  return { dehyphenated: 0, pageBreaks: 0, typographic: 0, wrappedLines: 0 };
}

const SPACE_LIKE = /[\u00a0\u2007\u2009\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u200a]/g;
const INVISIBLE = /[\u00ad\u200b\u200c\u200d\ufeff]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032]/g;
// Leftover emphasis markers from a markdown-ish extraction ("att** kongressen").
const EMPHASIS = /\*\*/g;

/**
 * Character-level repairs that keep line structure intact: typographic quotes become straight,
 * non-breaking and thin spaces (as in "6 000") become plain spaces, invisible characters and stray
 * emphasis markers go. Tabs are kept; the line parser uses them to recognise "att"-satser.
 */
export function normalizeCharacters(raw: string, stats: RepairStats): string {
  let text = raw.replace(/\r\n?/g, '\n');
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  stats.typographic += count(SPACE_LIKE) + count(INVISIBLE) + count(DOUBLE_QUOTES) + count(SINGLE_QUOTES) + count(EMPHASIS);
  text = text
    .replace(SPACE_LIKE, ' ')
    .replace(INVISIBLE, '')
    .replace(DOUBLE_QUOTES, '"')
    .replace(SINGLE_QUOTES, "'")
    .replace(EMPHASIS, '');
  return text;
}
