export type Language = 'sv' | 'en';

const ENGLISH = new Set(
  'the a an of to in on for and or is are was were be been what which who whom how why when where does do did say says said about plan plans union members member my our your their this that these those there with from by as at can could would should will has have had not any some more most than please tell me you it its if into'.split(' '),
);
const SWEDISH = new Set(
  'och att det som en ett är av för på med till om vad hur varför när var vem vilka vilken vilket har hade inte kan ska skulle den de dem vi jag du man sig finns gör säger står planen förbundet facket medlemmar vad hur ar pa nar gor'.split(' '),
);

/**
 * English or Swedish, from function words, compared as typed (so "för" is Swedish and "for"
 * English). Swedish wins ties: it is the plans' language and the members' usual one.
 */
export function detectLanguage(question: string): Language {
  let en = 0;
  let sv = 0;
  for (const token of question.toLowerCase().split(/[^\p{L}\p{N}']+/u)) {
    if (ENGLISH.has(token)) en += 1;
    if (SWEDISH.has(token)) sv += 1;
  }
  if (/[åäö]/i.test(question)) sv += 2;
  return en > sv ? 'en' : 'sv';
}
