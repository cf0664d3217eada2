import type { Language } from './detectLanguage.js';
import type { Verdict } from './assessEvidence.js';

/** Every fixed sentence the answer uses, in Swedish and English. */
export const MESSAGES = {
  sv: {
    notInPlans: 'Det står inte i planerna. Jag hittar inget i Sekos verksamhetsplaner som svarar på den frågan.',
    manipulation: 'Jag svarar bara med det som står i Sekos planer, med källa, och hittar inte på citat eller svar.',
    noNumber: 'Planerna anger inga sådana belopp eller siffror.',
    person: 'Planerna nämner inga personer vid namn.',
    procedure: 'Planerna beskriver förbundets mål och prioriteringar, inte hur man gör ärenden som att anmäla sig eller boka.',
    planCover: (topics: string) => `Planerna handlar om Sekos mål och prioriteringar, till exempel ${topics}.`,
    nearby: (topics: string) => `Närliggande ämnen i planerna: ${topics}.`,
    suggestion: (topic: string) => `Vad säger planerna om ${topic.toLowerCase()}?`,
    otherVersionOlder: (title: string) => `I ${title}, den tidigare planen, stod det i stället:`,
    otherVersionNewer: (title: string) => `I den nuvarande planen, ${title}, står det:`,
    listIntro: (label: string, section: string) => `${label}, ${section}:`,
  },
  en: {
    notInPlans: "That is not in the plans. I can't find anything in Seko's plan documents that answers the question.",
    manipulation: 'I only answer with what Seko’s plans say, with sources, and I do not make up quotes or answers.',
    noNumber: 'The plans give no such amounts or figures.',
    person: 'The plans name no people.',
    procedure: 'The plans describe the union’s goals and priorities, not how to run errands such as signing up or booking.',
    planCover: (topics: string) => `The plans (in Swedish) cover Seko's goals and priorities, for example ${topics}.`,
    nearby: (topics: string) => `Nearby topics in the plans: ${topics}.`,
    suggestion: (topic: string) => `What do the plans say about ${topic}?`,
    otherVersionOlder: (title: string) => `${title}, the previous plan, said instead:`,
    otherVersionNewer: (title: string) => `The current plan, ${title}, says:`,
    listIntro: (label: string, section: string) => `${label}, section ${section}:`,
    sourcesInSwedish: 'The sources are in Swedish and quoted verbatim.',
  },
} as const;

/** The refusal's first sentence for a verdict. */
export function refusalLead(verdict: Verdict, language: Language): string {
  const m = MESSAGES[language];
  if (verdict === 'manipulation') return `${m.notInPlans} ${m.manipulation}`;
  if (verdict === 'no-number') return `${m.notInPlans} ${m.noNumber}`;
  if (verdict === 'person') return `${m.notInPlans} ${m.person}`;
  if (verdict === 'procedure') return `${m.notInPlans} ${m.procedure}`;
  return m.notInPlans;
}
