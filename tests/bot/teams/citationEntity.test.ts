import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../../bot/answer/answerSchema.js';
import { answerActivity, chatMarkdown } from '../../../bot/teams/answerActivity.js';
import { aiMessageEntity, CITATION_LIMITS, truncate, type AiMessageEntity } from '../../../bot/teams/citationEntity.js';
import { readMessage, stripBotMentions } from '../../../bot/teams/readMessage.js';
import { BOT, teamsMessage } from './activities.js';

function citation(n: number, overrides: Partial<Citation> = {}): Citation {
  return {
    id: `vp-2025-2029/avsnitt-${n}/p1`,
    document: { id: 'vp-2025-2029', title: 'Verksamhetsplan 2025–2029', period: '2025–2029', kind: 'verksamhetsplan', status: 'current' },
    section: `Avsnitt ${n}`,
    sectionPath: [`Avsnitt ${n}`],
    paragraph: 1,
    quote: `Citat nummer ${n}.`,
    score: 1,
    ...overrides,
  };
}

describe('aiMessageEntity', () => {
  it('cites only the markers that appear in the text', () => {
    const entity = aiMessageEntity('Först [1], sedan [3].', [citation(1), citation(2), citation(3)]);
    expect(entity.citation.map((c) => c.position)).toEqual([1, 3]);
    expect(entity.citation[1].appearance.name).toBe('Verksamhetsplan 2025–2029 › Avsnitt 3');
  });

  it('ignores a marker without a citation', () => {
    expect(aiMessageEntity('Fel [7].', [citation(1)]).citation).toEqual([]);
  });

  it('keeps to Teams’ limits: 20 citations, name 80, abstract 160, 3 keywords of 28', () => {
    const long = 'Ett mycket långt avsnittsnamn som fortsätter och fortsätter långt förbi vad Teams visar i sin ruta';
    const citations = Array.from({ length: 25 }, (_, i) => citation(i + 1, { sectionPath: [long, long], quote: 'ord '.repeat(100), document: { ...citation(1).document, period: 'en period med ett väldigt långt namn' } }));
    const text = citations.map((_, i) => `[${i + 1}]`).join(' ');
    const entity = aiMessageEntity(text, citations);
    expect(entity.citation).toHaveLength(CITATION_LIMITS.citations);
    for (const { appearance } of entity.citation) {
      expect(appearance.name.length).toBeLessThanOrEqual(80);
      expect(appearance.name.endsWith('…')).toBe(true);
      expect(appearance.abstract.length).toBeLessThanOrEqual(160);
      expect(appearance.keywords!.length).toBeLessThanOrEqual(3);
      for (const k of appearance.keywords!) expect(k.length).toBeLessThanOrEqual(28);
    }
  });

  it('shows a list’s items in the abstract separated by semicolons', () => {
    const entity = aiMessageEntity('Mål: [1]', [citation(1, { quote: 'Fler medlemmar\nFler förtroendevalda' })]);
    expect(entity.citation[0].appearance.abstract).toBe('Fler medlemmar; Fler förtroendevalda');
  });

  it('truncates at a word boundary', () => {
    expect(truncate('Förbundet har över 5 000 ambassadörer', 20)).toBe('Förbundet har över…');
    expect(truncate('kort', 20)).toBe('kort');
  });
});

describe('answerActivity', () => {
  const answer: Answer = {
    question: 'q',
    answered: true,
    outcome: 'answer',
    answer: 'Enligt planen, Mål: [1]\n- första\n- andra\nI den tidigare planen: x [2]',
    citations: [citation(1), citation(2)],
    language: 'sv',
    suggestions: [],
  };

  it('separates paragraphs with a blank line and keeps list items together', () => {
    expect(chatMarkdown(answer.answer)).toBe('Enligt planen, Mål: [1]\n\n- första\n- andra\n\nI den tidigare planen: x [2]');
  });

  it('gives Teams the citations as an entity, and other channels a source list too', () => {
    const teams = answerActivity(answer, { channelId: 'msteams', personal: true });
    expect(teams.text).not.toContain('Källor');
    const webchat = answerActivity(answer, { channelId: 'webchat', personal: true });
    expect(webchat.text).toContain('**Källor**\n\n- [1] Verksamhetsplan 2025–2029 › Avsnitt 1, stycke 1\n- [2] Verksamhetsplan 2025–2029 › Avsnitt 2, stycke 1');
    expect((webchat.entities![0] as unknown as AiMessageEntity).citation).toHaveLength(2);
  });

  it('labels the source list in English for an English answer', () => {
    const english = answerActivity({ ...answer, language: 'en' }, { channelId: 'emulator', personal: true });
    expect(english.text).toContain('**Sources**');
    expect(english.text).toContain('paragraph 1');
  });
});

describe('readMessage', () => {
  it('strips the bot’s mention wherever it stands', () => {
    const activity = teamsMessage('', { scope: 'channel', mention: true });
    activity.text = `Hej <at>${BOT.name}</at>, vad säger planen om hyvling?`;
    expect(stripBotMentions(activity)).toBe('Hej, vad säger planen om hyvling?');
    expect(readMessage(activity)).toEqual({ kind: 'question', text: 'Hej, vad säger planen om hyvling?' });
  });

  it('does not treat a mention of someone else as one of the bot', () => {
    const activity = teamsMessage('vad säger planen?', { scope: 'groupChat' });
    activity.text = '<at>Kim</at> vad säger planen?';
    activity.entities = [{ type: 'mention', text: '<at>Kim</at>', mentioned: { id: '29:kim', name: 'Kim' } }];
    expect(readMessage(activity)).toEqual({ kind: 'ignore' });
  });

  it.each([
    ['hjälp', 'help'],
    ['Hjalp', 'help'],
    ['/hjälp', 'help'],
    ['help?', 'help'],
    ['?', 'help'],
    ['källor', 'sources'],
    ['Kallor.', 'sources'],
    ['vilka källor finns om lön?', 'question'],
  ])('reads "%s" as %s', (text, kind) => {
    expect(readMessage(teamsMessage(text)).kind).toBe(kind);
  });
});
