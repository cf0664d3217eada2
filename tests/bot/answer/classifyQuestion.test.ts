import { describe, expect, it } from 'vitest';
import { asksAboutRules, classifyQuestion, holdsAskedType } from '../../../bot/answer/classifyQuestion.js';

describe('classifyQuestion', () => {
  it.each([
    ['hur många ambassadörer har förbundet?', 'number'],
    ['hur mycket får man per dag i strejkersättning', 'number'],
    ['vad är organisationsgraden på järnvägen', 'number'],
    ['när är nästa valår?', 'date'],
    ['which week was the member week?', 'date'],
    ['vem är ordförande i Seko?', 'person'],
    ['varför är studier så viktigt?', 'reason'],
    ['vilka mål fanns för studier 2020?', 'list'],
    ['hur anmäler jag mig till en kurs?', 'errand'],
    ['vart anmäler man sig till kursen?', 'errand'],
    ['är jag fast anställd nu efter två år?', 'own-case'],
    ['provanställningen avbröts, kan ni kolla om det var rätt gjort?', 'own-case'],
    ['vilka veckor kommer tidningen ut?', 'date'],
    ['kan du korrekturläsa mitt protokoll', 'service'],
    ['min chef har sänkt min lön, vad ska jag göra?', 'own-case'],
    ['my boss cut my hours, what should I do?', 'own-case'],
    ['skriv ett brev till min chef', 'service'],
    ['can you translate this text', 'service'],
    ['vad säger planen om studier?', 'broad'],
    ['vad tycker Seko om hyvling?', 'position'],
    // "När"/"when" asks for a time where a question starts or ends, not as a conjunction inside it.
    ['projekt 80 000, vad står det för o när drog de igång?', 'date'],
    ['ringcenter valet när?', 'date'],
    ['is there a deadline for fixing that?', 'date'],
    ['senast när ska löneskillnaderna vara halverade?', 'date'],
    ['hur ofta kommer nyhetsbrevet ut?', 'number'],
    ['ska seko ändra sina värderingar nu när samhället förändras?', 'position'],
    ['what is my duty when there is a strike?', 'position'],
    // "når" (reach) is not "när", though both fold to "nar".
    ['hur når vi unga?', 'position'],
  ])('"%s" asks for %s', (question, ask) => {
    expect(classifyQuestion(question)).toBe(ask);
  });
});

describe('holdsAskedType', () => {
  it('finds figures written as digits or words', () => {
    expect(holdsAskedType('number', 'Förbundet har över 5 000 ambassadörer.')).toBe(true);
    expect(holdsAskedType('number', 'med i genomsnitt tusen anställda varje år')).toBe(true);
    expect(holdsAskedType('number', 'Vi ska stärka klubbarna.')).toBe(false);
  });

  it('takes "samtliga" and "varannan" as the answer to "hur många"', () => {
    expect(holdsAskedType('number', 'Då omförhandlas Sekos samtliga centrala avtal.')).toBe(true);
    expect(holdsAskedType('number', 'Varannan medlem arbetar i en mindre arbetsplats.')).toBe(true);
  });

  it('takes a frequency as the answer to "hur ofta"', () => {
    expect(holdsAskedType('number', 'Vi ska ge ut ett månatligt digitalt nyhetsbrev.')).toBe(true);
    expect(holdsAskedType('number', 'Vi ska regelbundet besöka klubbstyrelser.')).toBe(true);
  });

  it('finds times: years, months and "varje år"', () => {
    expect(holdsAskedType('date', 'Det är även valår under kongressperioden, år 2026.')).toBe(true);
    expect(holdsAskedType('date', 'förbundsstyrelsen varje år beslutar')).toBe(true);
    expect(holdsAskedType('date', 'Bara för 15 år sedan var det otänkbart.')).toBe(true);
    expect(holdsAskedType('date', 'Vi ska stärka klubbarna.')).toBe(false);
  });
});

describe('asksAboutRules', () => {
  it.each([
    'måste man vara med i a-kassan för att vara med i facket?',
    'ingår det någon försäkring i medlemskapet',
    'betalar man avgift när man är tjänstledig',
    'gäller det även deltidare?',
    'gäller försäkringen på fritiden?',
    'kan jag behålla medlemskapet som student?',
    'do I have to pay during parental leave?',
  ])('"%s" asks what applies to a member', (question) => {
    expect(asksAboutRules(question)).toBe(true);
  });

  it.each(['vad tycker Seko om hyvling?', 'hur får vi fler kvinnliga förhandlare?', 'vilka mål fanns för studier 2020?'])('"%s" asks no such thing', (question) => {
    expect(asksAboutRules(question)).toBe(false);
  });
});
