import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConversationTurn } from '../../../bot/conversation/conversationMemory.js';
import { analyseFollowUp, planReference, rewriteByRule } from '../../../bot/conversation/followUpRule.js';
import { rewriteFollowUp } from '../../../bot/conversation/rewriteFollowUp.js';
import { loadPrompts, type Prompts } from '../../../bot/generation/loadPrompts.js';
import { FailingChatModel, HangingChatModel, RecordingChatModel } from '../generation/fakeChatModels.js';

const history = (...questions: string[]): ConversationTurn[] => questions.map((q) => ({ standaloneQuestion: q, sectionTitles: ['Studier'] }));

let prompts: Prompts;
beforeAll(() => {
  prompts = loadPrompts();
});

describe('rewriteByRule', () => {
  it.each([
    // A new topic in the previous question's frame and plan.
    ['Vad säger verksamhetsplanen om arbetsmiljö?', 'och vad säger den om studier?', 'Vad säger verksamhetsplanen om studier?'],
    ['Vad säger den regionala planen för Stockholm om studier?', 'och arbetsmiljö?', 'Vad säger den regionala planen för Stockholm om arbetsmiljö?'],
    ['Vad säger den regionala planen för Stockholm om studier?', 'arbetsmiljö då?', 'Vad säger den regionala planen för Stockholm om arbetsmiljö?'],
    ['Vad säger planen om hyvling?', 'står det något i den om a-kassan?', 'Står det något i planen om a-kassan?'],
    ['Vad vill Seko göra för unga medlemmar?', 'och studier?', 'Vad säger planerna om studier?'],
    ['What does the plan say about safety at work?', 'and what about training?', 'What does the plan say about training?'],
    ['What does the previous plan say about safety at work?', 'what does it say about training?', 'What does the previous plan say about training?'],
    // The same question asked of another plan.
    ['Vilket år är valet som nya planen talar om?', 'och i den förra planen?', 'Vilket år är valet som den förra planen talar om?'],
    ['Vad säger planen om hyvling?', 'och i förra planen?', 'Vad säger förra planen om hyvling?'],
    ['What does the plan say about safety at work?', 'and in the previous plan?', 'What does the previous plan say about safety at work?'],
    // … with the plan left out, and without the period that went with the previous one.
    ['Stod det något om klimatet i verksamhetsplanen 2021–2025?', 'och i den nya?', 'Stod det något om klimatet i den nya planen?'],
    ['Vilket år var valår i den förra verksamhetsplanen, den för 2021–2025?', 'och i den nya då?', 'Vilket år var valår i den nya planen?'],
    ['What does the plan say about safety at work?', 'and the old one?', 'What does the old plan say about safety at work?'],
    // A new topic asked of a plan the follow-up names itself.
    ['Vad gjorde Seko Stockholm för ungdomar 2018?', 'och i nya planen, står det något om unga?', 'Vad säger nya planen om unga?'],
    // Another aspect of the same topic: appended, so retrieval searches the previous topic.
    ['Vad säger planen om hyvling?', 'varför då?', 'Vad säger planen om hyvling – varför då?'],
    ['Vad säger planen om a-kassan?', 'hur finansieras den?', 'Vad säger planen om a-kassan – hur finansieras den?'],
    ['Vad säger förra planen om studier?', 'vad mer?', 'Vad säger förra planen om studier – vad mer?'],
    ['What does the plan say about safety?', 'why?', 'What does the plan say about safety – why?'],
    ['What does the plan say about safety?', 'tell me more', 'What does the plan say about safety – tell me more'],
  ])('after %j, rewrites %j as %j', (previous, followUp, expected) => {
    expect(rewriteByRule(followUp, previous)).toBe(expected);
  });

  it.each([
    'Vad står det om visstidsanställningar?',
    'Hur många ambassadörer har förbundet?',
    'What does the plan say about the unemployment fund?',
    'Vad är Sekos mål för jämställdhet?',
    'tack!',
    'Hej',
  ])('leaves the standalone question %j alone', (question) => {
    expect(analyseFollowUp(question)).toBeNull();
    expect(rewriteByRule(question, 'Vad säger planen om hyvling?')).toBeUndefined();
  });

  it('finds the plan a question names', () => {
    expect(planReference('Vad säger den regionala planen för Stockholm om studier?', 'sv')).toEqual({ text: 'den regionala planen för Stockholm', name: 'den regionala planen för Stockholm', generic: false });
    expect(planReference('Vad stod i förra planen om hyvling?', 'sv')).toEqual({ text: 'förra planen', name: 'förra planen', generic: false });
    expect(planReference('och i den nya då?', 'sv')).toEqual({ text: 'den nya', name: 'den nya planen', generic: false });
    expect(planReference('and the old one?', 'en')).toEqual({ text: 'the old one', name: 'the old plan', generic: false });
    // "den nya" before a noun is no plan: "den nya förtroendevalda".
    expect(planReference('hur gick det för den nya förtroendevalda?', 'sv')).toBeUndefined();
    expect(planReference('Vad säger verksamhetsplanen 2021–2025 om studier?', 'sv')?.text).toBe('verksamhetsplanen 2021–2025');
    expect(planReference('What did the previous plan say?', 'en')?.text).toBe('the previous plan');
    expect(planReference('Vad vill Seko?', 'sv')).toBeUndefined();
  });
});

describe('rewriteFollowUp', () => {
  it('does nothing without history or for a standalone question', async () => {
    expect(await rewriteFollowUp('och studier?', [])).toEqual({ question: 'och studier?', rewritten: false, method: 'none' });
    const model = new RecordingChatModel(['{"standalone": "x"}']);
    const standalone = await rewriteFollowUp('Hur många ambassadörer har förbundet?', history('Vad säger planen om hyvling?'), { chatModel: model, prompts });
    expect(standalone).toEqual({ question: 'Hur många ambassadörer har förbundet?', rewritten: false, method: 'none' });
    expect(model.calls).toHaveLength(0);
  });

  it('uses the rule when no model is configured', async () => {
    const result = await rewriteFollowUp('och vad säger den om studier?', history('Vad säger planen om arbetsmiljö?', 'Vad säger verksamhetsplanen om arbetsmiljö?'));
    expect(result).toEqual({ question: 'Vad säger verksamhetsplanen om studier?', rewritten: true, method: 'rule' });
  });

  it('uses the model’s rewrite when it is valid, with history and question delimited as data', async () => {
    const model = new RecordingChatModel(['```json\n{"standalone": "Vad säger verksamhetsplanen 2025–2029 om studier?"}\n```']);
    const result = await rewriteFollowUp('och vad säger den om studier?', history('Vad säger verksamhetsplanen 2025–2029 om arbetsmiljö?'), { chatModel: model, prompts });
    expect(result).toEqual({ question: 'Vad säger verksamhetsplanen 2025–2029 om studier?', rewritten: true, method: 'model' });

    const [system, human] = model.calls[0];
    expect(SystemMessage.isInstance(system)).toBe(true);
    expect(system.text).not.toContain('2025–2029');
    expect(HumanMessage.isInstance(human)).toBe(true);
    expect(human.text).toMatch(/<history>\n[\s\S]*Vad säger verksamhetsplanen 2025–2029 om arbetsmiljö\?[\s\S]*<\/history>/);
    expect(human.text).toMatch(/<question>\noch vad säger den om studier\?\n<\/question>/);
  });

  it.each([
    ['malformed-output', () => new FakeListChatModel({ responses: ['Självklart! Frågan blir: vad säger planen om studier?'] })],
    ['malformed-output', () => new FakeListChatModel({ responses: ['{"standalone": "rad ett\\nrad två"}'] })],
    ['dropped-topic', () => new FakeListChatModel({ responses: ['{"standalone": "Vad säger verksamhetsplanen om löner?"}'] })],
    ['provider-error', () => new FailingChatModel({})],
    ['timeout', () => new HangingChatModel({})],
  ])('falls back to the rule on %s', async (reason, makeModel) => {
    const result = await rewriteFollowUp('och vad säger den om studier?', history('Vad säger verksamhetsplanen om arbetsmiljö?'), {
      chatModel: makeModel(),
      prompts,
      timeoutMs: 50,
    });
    expect(result).toEqual({ question: 'Vad säger verksamhetsplanen om studier?', rewritten: true, method: 'rule', fallbackReason: reason });
  });

  it('rewrites English follow-ups too', async () => {
    const result = await rewriteFollowUp('what about training?', history('What does the plan say about safety at work?'));
    expect(result).toEqual({ question: 'What does the plan say about training?', rewritten: true, method: 'rule' });
  });
});
