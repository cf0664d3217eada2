import { emptyRepairStats, normalizeCharacters, type RepairStats } from './normalizeCharacters.js';

/** A paragraph or a list item, as character offsets into {@link ParsedDocument.text}. */
export interface Block {
  kind: 'paragraph' | 'item';
  /** 1-based position of the block within its section. */
  paragraph: number;
  start: number;
  end: number;
}

export interface Section {
  heading: string;
  /** Headings from the top of the document down to this section. */
  path: string[];
  level: 1 | 2;
  /** Offsets of the heading line in the normalised text; -1 for the synthetic title-page section. */
  headingStart: number;
  headingEnd: number;
  blocks: Block[];
}

export interface ParsedDocument {
  /** The normalised text: headings and blocks separated by blank lines, list items by newlines. */
  text: string;
  sections: Section[];
  repairs: RepairStats;
}

/** Name of the section that collects the title lines before the first real section. */
export const TITLE_PAGE = 'Titelsida';

interface Line {
  text: string;
  gapBefore: number;
  /** A whitespace-only line (a page break in these extractions) sits in the gap before this line. */
  strongGap: boolean;
  pageBreak: boolean;
  item: boolean;
}

interface RawBlock {
  kind: 'heading' | 'paragraph' | 'item';
  text: string;
  /** Length of the last source line, to tell a paragraph's short last line from a wrapped one. */
  lastLineLength: number;
}

const SENTENCE_END = /[.!?:;"')]$/;
const BULLET = /^(?:✓+|•|·|▪|◦|-)\s+(?=\S)/u;
const ATT_SATS = /^att\t\s*/;
const NUMBERED = /^(\d{1,2})\.(\t)?\s*(?=\S)/;
const CONJUNCTIONS = new Set(['och', 'eller', 'samt', 'som', 'till']);

function startsLower(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}

function classifyLine(rawLine: string, gapBefore: number, strongGap: boolean, stats: RepairStats): Line {
  const pageBreak = /^ \S/.test(rawLine);
  if (pageBreak) stats.pageBreaks += 1;
  let text = rawLine.trim();
  let item = false;
  if (ATT_SATS.test(text)) {
    text = text.replace(ATT_SATS, 'att ');
    item = true;
  } else if (BULLET.test(text)) {
    text = text.replace(BULLET, '');
    item = true;
  } else {
    const numbered = NUMBERED.exec(text);
    // "1.\t Den breda ..." or a numbered full sentence is a list item; "1. Facklig-politisk verksamhet" a heading.
    if (numbered && (numbered[2] === '\t' || SENTENCE_END.test(text))) {
      text = text.replace(NUMBERED, `${numbered[1]}. `);
      item = true;
    }
  }
  if (ATT_SATS.test(text) === false) text = text.replace(/\t+/g, ' ');
  text = text.replace(/ {2,}/g, ' ');
  return { text, gapBefore, strongGap, pageBreak, item };
}

function readLines(normalized: string, stats: RepairStats): Line[] {
  const lines: Line[] = [];
  let gap = 0;
  let strong = false;
  for (const raw of normalized.split('\n')) {
    if (raw.trim() === '') {
      gap += 1;
      if (raw.length > 0) strong = true;
      continue;
    }
    lines.push(classifyLine(raw.replace(/\s+$/, ''), gap, strong, stats));
    gap = 0;
    strong = false;
  }
  return lines;
}

/**
 * Headings are short lines without a full stop. A line that runs to nearly the wrap width, holds a
 * sentence break, or is continued by a lower-case line is a paragraph's first line instead; the
 * exception is a short title wrapped in two ("Prioriterade områden" / "och mål 2020").
 */
function looksLikeHeading(line: Line, next: Line | undefined, width: number): boolean {
  const { text } = line;
  if (line.item || text.length > 70 || text.length > width * 0.85) return false;
  if (/[.,;:!?\-–]$/.test(text) || /[.!?] \p{Lu}/u.test(text.replace(/^\d{1,2}\. /, ''))) return false;
  if (!/^(\p{Lu}|\d{1,2}\. \p{Lu}|\d{4}$)/u.test(text)) return false;
  if (text.split(/\s+/).length > 12) return false;
  if (next && !next.item && startsLower(next.text)) {
    return text.length < width * 0.5 && next.text.length < width * 0.5 && !/[.!?]$/.test(next.text);
  }
  return true;
}

/** Lines in these extractions wrap near a fixed width; the 90th percentile length estimates it. */
function wrapWidth(lines: Line[]): number {
  const lengths = lines.map((l) => l.text.length).sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length * 0.9)] ?? 80;
}

/**
 * Some extractions put a blank line after every wrapped line (the Stockholm plan); there blank lines
 * say nothing about paragraphs. Detected by how often a line that ends mid-sentence is followed by one.
 */
function isBlankWrapped(lines: Line[]): boolean {
  let midSentence = 0;
  let followedByBlank = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i];
    if (line.text.length < 40 || SENTENCE_END.test(line.text)) continue;
    midSentence += 1;
    if (lines[i + 1].gapBefore > 0) followedByBlank += 1;
  }
  return midSentence >= 10 && followedByBlank / midSentence > 0.6;
}

/** Sentence openings that start many lines after a full stop are list leads ("Vi ska ..."). */
function listLeads(lines: Line[]): Set<string> {
  const counts = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    if (!SENTENCE_END.test(lines[i - 1].text)) continue;
    const lead = lines[i].text.split(/\s+/).slice(0, 2).join(' ');
    counts.set(lead, (counts.get(lead) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, n]) => n >= 8).map(([lead]) => lead));
}

function joinHyphenated(previous: string, next: string, stats: RepairStats): string {
  const stem = previous.slice(0, -1);
  const lastWord = /(\S+)$/.exec(stem)?.[1] ?? '';
  const nextWord = /^(\S+)/.exec(next)?.[1]?.toLowerCase() ?? '';
  // "LO-\nförbunden" and "förhandlings-\noch bransch..." keep their hyphen; "organisa-\ntionen" loses it.
  if (/[\p{Lu}\d]$/u.test(lastWord) || CONJUNCTIONS.has(nextWord)) {
    return CONJUNCTIONS.has(nextWord) ? `${previous} ${next}` : `${previous}${next}`;
  }
  stats.dehyphenated += 1;
  return `${stem}${next}`;
}

function assembleBlocks(lines: Line[], stats: RepairStats): RawBlock[] {
  const blankWrapped = isBlankWrapped(lines);
  const width = wrapWidth(lines);
  const leads = blankWrapped ? listLeads(lines) : new Set<string>();
  const blocks: RawBlock[] = [];
  let current: RawBlock | undefined;

  const start = (line: Line, heading: boolean) => {
    const lead = line.text.split(/\s+/).slice(0, 2).join(' ');
    current = {
      kind: line.item || leads.has(lead) ? 'item' : heading ? 'heading' : 'paragraph',
      text: line.text,
      lastLineLength: line.text.length,
    };
    blocks.push(current);
  };

  const isHeading = (i: number) => looksLikeHeading(lines[i], lines[i + 1], width);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!current) {
      start(line, isHeading(i));
      continue;
    }
    const prev = current;
    const hyphenated = /\p{L}-$/u.test(prev.text) && startsLower(line.text);
    if (hyphenated && !line.item) {
      prev.text = joinHyphenated(prev.text, line.text, stats);
      prev.lastLineLength = line.text.length;
      if (line.gapBefore > 0) stats.wrappedLines += 1;
      continue;
    }
    const lowerContinuation = startsLower(line.text) && !line.item;
    if (lowerContinuation) {
      prev.text = `${prev.text} ${line.text}`;
      prev.lastLineLength = line.text.length;
      if (line.gapBefore > 0) stats.wrappedLines += 1;
      continue;
    }
    const prevEnded = prev.kind !== 'paragraph' || SENTENCE_END.test(prev.text);
    const shortLast = prev.lastLineLength < width * 0.8;
    const gap = line.gapBefore > 0 || line.pageBreak;
    let breakHere: boolean;
    if (line.item || prev.kind === 'heading') breakHere = true;
    else if (isHeading(i) && (prevEnded || gap)) breakHere = true;
    else if (blankWrapped) {
      const lead = line.text.split(/\s+/).slice(0, 2).join(' ');
      breakHere = line.strongGap || (prevEnded && (shortLast || leads.has(lead)));
    } else if (line.gapBefore > 0) breakHere = true;
    else breakHere = prevEnded && shortLast && prev.kind === 'paragraph';
    if (breakHere) {
      start(line, isHeading(i));
    } else {
      prev.text = `${prev.text} ${line.text}`;
      prev.lastLineLength = line.text.length;
      stats.wrappedLines += 1;
    }
  }
  return blocks;
}

/**
 * Parses one plan text into a section tree over a normalised text. Repairs extraction artefacts
 * (hyphenated line ends, page-break lines, typographic quotes, odd spaces, blank-line wrapping,
 * bullets), then assigns headings: a heading that recurs within the document ("Mål") is a
 * subsection of the heading before it; title lines before the first section become "Titelsida".
 */
export function parseDocument(raw: string): ParsedDocument {
  const repairs = emptyRepairStats();
  const lines = readLines(normalizeCharacters(raw, repairs), repairs);
  const blocks = assembleBlocks(lines, repairs);


  const parts: string[] = [];
  let offset = 0;
  const append = (s: string, separator: string): [number, number] => {
    if (parts.length > 0) {
      parts.push(separator);
      offset += separator.length;
    }
    parts.push(s);
    const span: [number, number] = [offset, offset + s.length];
    offset += s.length;
    return span;
  };

  const sections: Section[] = [];
  let parent: Section | undefined;
  let section: Section | undefined;
  let previousKind: RawBlock['kind'] | undefined;

  // Title lines: headings before the first block that has content of its own.
  const firstContent = blocks.findIndex((b, i) => b.kind === 'heading' && blocks[i + 1] && blocks[i + 1].kind !== 'heading');
  const titleLines = firstContent > 0 ? blocks.slice(0, firstContent) : [];
  const body = blocks.slice(titleLines.length);
  const headingCounts = new Map<string, number>();
  for (const b of body) {
    if (b.kind === 'heading') headingCounts.set(b.text.toLowerCase(), (headingCounts.get(b.text.toLowerCase()) ?? 0) + 1);
  }
  if (titleLines.length > 0) {
    section = { heading: TITLE_PAGE, path: [TITLE_PAGE], level: 1, headingStart: -1, headingEnd: -1, blocks: [] };
    const [start, end] = append(titleLines.map((b) => b.text).join('\n'), '');
    section.blocks.push({ kind: 'paragraph', paragraph: 1, start, end });
    sections.push(section);
    parent = section;
    previousKind = 'paragraph';
  }

  for (const block of body) {
    if (block.kind === 'heading') {
      const sub = (headingCounts.get(block.text.toLowerCase()) ?? 0) > 1 && parent !== undefined;
      const [headingStart, headingEnd] = append(block.text, '\n\n');
      section = sub
        ? { heading: block.text, path: [...parent!.path.slice(0, 1), block.text], level: 2, headingStart, headingEnd, blocks: [] }
        : { heading: block.text, path: [block.text], level: 1, headingStart, headingEnd, blocks: [] };
      if (!sub) parent = section;
      sections.push(section);
    } else {
      if (!section) {
        // Text before any heading: give it an untitled section so nothing is lost.
        section = { heading: TITLE_PAGE, path: [TITLE_PAGE], level: 1, headingStart: -1, headingEnd: -1, blocks: [] };
        sections.push(section);
        parent = section;
      }
      const separator = block.kind === 'item' && previousKind === 'item' ? '\n' : '\n\n';
      const [start, end] = append(block.text, separator);
      section.blocks.push({ kind: block.kind, paragraph: section.blocks.length + 1, start, end });
    }
    previousKind = block.kind;
  }
  return { text: parts.join(''), sections, repairs };
}
