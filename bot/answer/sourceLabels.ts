import type { CatalogEntry } from '../../retrieval/ingest/catalog.js';
import type { Language } from './detectLanguage.js';

/**
 * How an answer introduces its source. The current national plan speaks for Seko; every other
 * document is named for what it is: the previous plan, annual priorities, a regional plan.
 */
export function sourceLabel(doc: CatalogEntry, language: Language): string {
  if (language === 'en') {
    switch (doc.kind) {
      case 'verksamhetsplan':
        return doc.status === 'current' ? `According to ${doc.title} (the current national plan)` : `In ${doc.title} (the previous national plan)`;
      case 'prioriteringar':
        return `According to ${doc.title} (the board's annual priorities for ${doc.period})`;
      case 'regional plan':
        return `According to ${doc.title} (the regional plan of ${doc.issuer} for ${doc.period})`;
    }
  }
  switch (doc.kind) {
    case 'verksamhetsplan':
      return doc.status === 'current' ? `Enligt ${doc.title}` : `I ${doc.title} (den tidigare planen)`;
    case 'prioriteringar':
      return `Enligt ${doc.title} (förbundsstyrelsens årliga prioriteringar för ${doc.period})`;
    case 'regional plan':
      return `Enligt ${doc.title} (den regionala planen för ${doc.issuer} ${doc.period})`;
  }
}

/** "Studier" or "Avtal 2020 › Mål": the section as a reader finds it. */
export function sectionLabel(path: string[]): string {
  return path.join(' › ');
}
