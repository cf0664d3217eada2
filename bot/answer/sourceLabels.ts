import type { CatalogEntry } from '../../retrieval/ingest/catalog.js';
import type { Language } from './detectLanguage.js';

/**
 * How an answer introduces its source. The current national plan speaks for Seko; every other
 * document is named for what it is: the previous plan, annual priorities, a regional plan.
 */
export function sourceLabel(doc: CatalogEntry, language: Language): string {
  // "Prioriterade områden och mål 2020 (… för 2020)" says the year twice; the title already has it.
  const period = (text: string) => (doc.title.includes(doc.period) ? '' : ` ${text}${doc.period}`);
  if (language === 'en') {
    switch (doc.kind) {
      case 'verksamhetsplan':
        return doc.status === 'current' ? `According to ${doc.title} (the current national plan)` : `In ${doc.title} (the previous national plan)`;
      case 'prioriteringar':
        return `According to ${doc.title} (the board's annual priorities${period('for ')})`;
      case 'regional plan':
        return `According to ${doc.title} (the regional plan of ${doc.issuer}${period('for ')})`;
    }
  }
  switch (doc.kind) {
    case 'verksamhetsplan':
      return doc.status === 'current' ? `Enligt ${doc.title}` : `I ${doc.title} (den tidigare planen)`;
    case 'prioriteringar':
      return `Enligt ${doc.title} (förbundsstyrelsens årliga prioriteringar${period('för ')})`;
    case 'regional plan':
      return `Enligt ${doc.title} (den regionala planen för ${doc.issuer}${period('')})`;
  }
}

/** "Studier" or "Avtal 2020 › Mål": the section as a reader finds it. */
export function sectionLabel(path: string[]): string {
  return path.join(' › ');
}
