import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../retrieval/ingest/loadCorpus.js';
import { seededRandom } from './seededRandom.js';

/**
 * Writes a synthetic corpus of `factor` × the plans' volume into `dir`: many distinct documents,
 * each a new combination of the real sections' headings and paragraphs, each with its own catalog
 * entry. Deterministic for a given factor.
 */
export function writeSyntheticCorpus(sourceCorpusDir: string, dir: string, factor: number): { documents: number; bytes: number } {
  const source = loadCorpus(sourceCorpusDir);
  const sections = source.documents.flatMap((d) =>
    d.parsed.sections.filter((s) => s.headingStart >= 0 && s.blocks.length > 0).map((s) => ({ heading: s.heading, paragraphs: s.blocks.map((b) => d.parsed.text.slice(b.start, b.end)) })),
  );
  const paragraphs = sections.flatMap((s) => s.paragraphs);
  const totalBytes = source.documents.reduce((sum, d) => sum + Buffer.byteLength(d.parsed.text), 0);
  const target = totalBytes * factor;
  const rand = seededRandom(factor * 7919);
  mkdirSync(dir, { recursive: true });
  const entries = [];
  let bytes = 0;
  for (let n = 1; bytes < target; n++) {
    const parts: string[] = [];
    const sectionCount = 6 + Math.floor(rand() * 6);
    for (let s = 0; s < sectionCount; s++) {
      const section = sections[Math.floor(rand() * sections.length)];
      parts.push(`${section.heading} ${n}-${s + 1}`);
      const count = 2 + Math.floor(rand() * 4);
      for (let p = 0; p < count; p++) parts.push(paragraphs[Math.floor(rand() * paragraphs.length)].replace(/\n/g, ' '));
    }
    const text = `${parts.join('\n\n')}\n`;
    const file = `syntetisk-${String(n).padStart(4, '0')}.txt`;
    writeFileSync(join(dir, file), text);
    bytes += Buffer.byteLength(text);
    entries.push({ id: `syn-${n}`, file, title: `Syntetisk plan ${n}`, issuer: 'förbundet', issuedBy: 'benchmark', period: `${2000 + (n % 30)}`, kind: 'verksamhetsplan', status: 'historical', supersedes: [] });
  }
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify({ documents: entries }, null, 2));
  return { documents: entries.length, bytes };
}
