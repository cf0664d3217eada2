import type { AskType } from './classifyQuestion.js';
import type { Language } from './detectLanguage.js';
import type { Reason } from './assessEvidence.js';

/** Every fixed sentence the answer uses, in Swedish and English. */
export const MESSAGES = {
  sv: {
    notInPlans: 'Det står inte i planerna: inget i Sekos verksamhetsplaner svarar på den frågan.',
    manipulation: 'Det kan jag inte göra. Jag svarar bara med det som står i Sekos planer, med källa, och hittar aldrig på citat eller svar.',
    service: 'Det kan jag inte hjälpa till med. Jag svarar på frågor om vad Sekos verksamhetsplaner säger, med källa.',
    noNumber: 'Det står inte i planerna: de anger inga sådana siffror eller tidpunkter.',
    person: 'Det står inte i planerna: de nämner inga personer vid namn.',
    errand: 'Det står inte i planerna: de beskriver förbundets mål och prioriteringar, inte hur man gör ärenden som att anmäla sig, boka eller betala.',
    ownCase: 'Det står inte i planerna: de ger inga råd i enskilda fall. Kontakta ditt arbetsplatsombud, din klubb eller Seko, så får du hjälp med din situation.',
    planCover: (topics: string) => `Planerna handlar om Sekos mål och prioriteringar, till exempel ${topics}.`,
    nearby: (topics: string) => `Närliggande i planerna: ${topics}.`,
    suggestion: (topic: string) => `Vad säger planerna om ${topic}?`,
    relatedLead: (missing: string) => (missing ? `Planerna säger inget om ${missing}.` : 'Planerna svarar inte på just den frågan.'),
    relatedContext: 'Det närmaste de tar upp:',
    noFigure: 'Planerna anger ingen sådan siffra eller tidpunkt.',
    otherVersionOlder: (title: string) => `I ${title}, den tidigare planen, stod det i stället:`,
    otherVersionNewer: (title: string) => `I den nuvarande planen, ${title}, står det:`,
    broadIntro: (label: string, section: string) => `${label}, avsnittet ${section}, i korthet:`,
    listIntro: (label: string, section: string) => `${label}, ${section}:`,
    readAlso: (sections: string) => `Läs också: ${sections}.`,
    and: 'och',
  },
  en: {
    notInPlans: "That is not in the plans: nothing in Seko's plan documents answers the question.",
    manipulation: "I can't do that. I only answer with what Seko's plans say, with sources, and never make up quotes or answers.",
    service: "I can't help with that. I answer questions about what Seko's plan documents say, with sources.",
    noNumber: 'That is not in the plans: they give no such figures or dates.',
    person: 'That is not in the plans: they name no people.',
    errand: "That is not in the plans: they describe the union's goals and priorities, not how to run errands such as signing up, booking or paying.",
    ownCase: 'That is not in the plans: they give no advice on individual cases. Contact your workplace representative, your club or Seko for help with your situation.',
    planCover: (topics: string) => `The plans (in Swedish) cover Seko's goals and priorities, for example ${topics}.`,
    nearby: (topics: string) => `Nearby in the plans: ${topics}.`,
    suggestion: (topic: string) => `What do the plans say about ${topic}?`,
    relatedLead: (missing: string) => (missing ? `The plans say nothing about ${missing}.` : "The plans don't answer that exact question."),
    relatedContext: 'The closest they come (quoted in Swedish):',
    noFigure: 'The plans give no such figure or date.',
    otherVersionOlder: (title: string) => `${title}, the previous plan, said instead:`,
    otherVersionNewer: (title: string) => `The current plan, ${title}, says:`,
    broadIntro: (label: string, section: string) => `${label}, section ${section}, in short:`,
    listIntro: (label: string, section: string) => `${label}, section ${section}:`,
    readAlso: (sections: string) => `See also: ${sections}.`,
    and: 'and',
    sourcesInSwedish: 'The sources are in Swedish and quoted verbatim.',
  },
} as const;

/** The refusal's opening for why the question got no answer and what it asked for. */
export function refusalLead(reason: Reason, ask: AskType, language: Language): string {
  const m = MESSAGES[language];
  if (reason === 'manipulation') return m.manipulation;
  if (ask === 'service') return m.service;
  if (ask === 'own-case') return m.ownCase;
  if (ask === 'errand') return m.errand;
  if (ask === 'person') return m.person;
  if (ask === 'number' || ask === 'date') return m.noNumber;
  return m.notInPlans;
}

/** "a, b och c". */
export function joinList(items: string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${MESSAGES[language].and} ${items.at(-1)}`;
}
