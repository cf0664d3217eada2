import { fold } from '../../retrieval/analysis/fold.js';

/**
 * What a question asks for, read from its form alone (never its topic):
 * - `number`, `date`, `place`, `person`: a fact of that type;
 * - `list`: several items ("vilka mål …");
 * - `reason`: why;
 * - `errand`: how to do something for oneself (book, sign up, pay, contact);
 * - `own-case`: advice on the asker's own situation ("vad ska jag göra?", "har jag rätt till …");
 * - `service`: a task that is not a question about the plans (write, translate, calculate);
 * - `broad`: what the plans say about a topic in general;
 * - `position`: what Seko thinks, wants or will do (the default).
 */
export type AskType = 'number' | 'date' | 'place' | 'person' | 'list' | 'reason' | 'errand' | 'own-case' | 'service' | 'broad' | 'position';

// Patterns run on folded text (å/ä/ö → a/a/o); word edges are spaces or the ends, as tokens are.
const NUMBER = /\b(vad (ar|var|blev|blir) (den |det )?\S*(grad|graden|andel|andelen|nivan|summan|beloppet|procenten|siffran|satsen)|what (is|was) the \S*\s?(rate|percentage|amount|share|level)|hur (manga|mycket|stor|stora|hog|hoga|lang|ofta)|per (dag|timme|vecka|manad|ar)|i snitt|totalt|hur mkt|kostar|kronor|per (day|hour|week|month|year)|on average|in total|hur manga procent|antal(et)?|vilken (siffra|procent|andel|niva)|hur stor (andel|del)|what percentage|how (many|much|often|big|large|high)|what (number|share|proportion))\b/;
const DATE = /\b(sedan nar|since when|which (week|day|month|year)|what (week|day|month|time)|exakt datum|vilket klockslag|vilken tid|vilket (ar|artal|datum)|vilken (vecka|manad|dag|period)|vilka (veckor|manader|dagar|datum|ar)|fran och med nar|hur lange|what (year|date|month)|which (year|date|month)|deadline|by when|until when|senast nar|till nar|tidsgrans|slutdatum)\b/;
/**
 * "När"/"when" asks for a time only where a question or clause starts ("När startade …?", "… och
 * när drog de igång?") or ends ("valet när?"); inside a clause it is a conjunction ("nu när det är
 * tajt", "when there's a strike"). Read before folding, where "når" (reach) is not "när".
 */
const WHEN = /(^|[.!?,;:–—-]\s*|\s(och|o|men|eller|samt|and|but|or)\s+)(när|nar|when)\s|\s(när|nar|when)\s*[.!?]*\s*$/u;
const PLACE = /\b(var (ligger|finns|halls|sitter|hittar)|vart (ska|kan)|i vilken (stad|ort|region|kommun)|where)\b/;
const PERSON = /\b(vem|vilka) (ar|var|blir|blev|sitter som|leder|heter|vann)\b|\bvem (ar|var)\b|\bwho (won|leads|runs)\b|\bwho (is|was|are|leads|heads)\b|\bwho's\b|\bvad heter (ordforande|ordforanden|chefen|ombudsmannen)\b/;
const REASON = /\b(varfor|vad beror|av vilken anledning|vad ar (skalet|anledningen)|why|how come|what is the reason)\b/;
const ERRAND = /\b(hur|var|vart|nar) (anmaler|bokar|ansoker|soker|registrerar|loggar|betalar|andrar|avslutar|kontaktar) (jag|man|vi)\b|\bhur (gar|blir) (jag|man) (med|ur|medlem)\b|\bhur gor (jag|man|vi) for att\b|\bhow (do|can|should) (i|we) (sign up|book|apply|register|log in|pay|cancel|join|leave|quit|contact|set|fix|install|change|reset)\b|\bhur (lagar|fixar|installerar|staller in|andrar|aterstaller) (jag|man|vi)\b|\b(oppettid|oppettider|phone hours|opening hours)\b/;
const OWN_CASE = /\b(vad (ska|bor|kan|gor) (jag|vi)( gora)?|vad gor jag|har jag ratt|far jag|ar jag (fast|tillsvidare|visstids|provanstalld|forsakrad|uppsagd)\S*|kan jag (fa|saga nej|vagra|neka|krava)|maste jag|ska jag (gora|ga|kontakta|ringa|anmala)|(vem|vart|var) (ska|kan|bor)? ?(jag|vi) (kontakta|ringa|prata med|vanda mig|vander mig|vanda oss)|vart vander jag|hur gar jag vidare|(kan|far) (de|han|hon|chefen|arbetsgivaren|bolaget|foretaget) (bara )?\S+ (mig|oss|sa)|ar det (ens )?(lagligt|tillatet|ratt)|kan ni (kolla|hjalpa mig)|what (should|can|do) i do|do i have (a )?right|am i (entitled|allowed)|can i (get|refuse|say no)|should i|is (that|this|it) (legal|allowed)|who (do|should|can) i (contact|call|talk to))\b/;
/** A request to look into a case ("kan ni kolla om det var rätt gjort?"): the member's own, pronoun or not. */
const CHECK_MY_CASE = /\b(kan|kunde|skulle) (ni|du|facket|seko) (kolla|titta pa|granska|undersoka|utreda)\b|\bcan (you|the union) (check|look into)\b/;
const SERVICE = /^(kan du |could you |can you |please |snalla |hjalp mig (att )?|help me )?(skriv|skriva|formulera|oversatt|oversatta|berakna|rakna ut|rakna|sammanfatta|gor en|rekommendera|korrlas|korrlasa|korrekturlas|korrekturlasa|granska|write|translate|calculate|draft|compose|summari[sz]e|make me|recommend|proofread)\b/;
const LIST = /\b(vilka (mal|punkter|atgarder|satsningar|omraden|krav|fragor|delar|kanaler|sorters?|typer)|lista|alla (mal|punkter|atgarder)|what (are|were) the (goals|points|aims|commitments|priorities)|which (goals|points|areas|measures|channels)|list)\b/;
const BROAD = /^(vad (sager|star|skriver) (planen|planerna|verksamhetsplanen|seko|forbundet|facket) om|berätta om|beratta om|what do(es)? (the plans?|seko|the union) say about|tell me about)\s+\S+(\s+\S+)?\s*\??$/;

/**
 * Questions about what applies to a member — what is required, included, covered or paid ("måste
 * man …", "ingår …", "gäller det …", "betalar man …", "do I have to …") — are about rules and
 * terms, which plans of goals and priorities seldom state. Read from the form alone.
 */
const RULE = /(^ galler |\b(maste (man|jag|vi)|ingar|tacker|galler (det|den|detta)|betalar (man|jag|vi|facket|seko|forbundet)|har (man|jag|vi) ratt|(kan|far) (man|jag) (fortsatta|behalla|vara kvar|vara med)|do i (have to|need to|get)|am i (covered|entitled|allowed)|is it (included|covered)|does it cover|do i pay|must i)\b)/;

/** The question as the patterns read it: folded, punctuation as spaces, one space between words and at both ends. */
function patternForm(normalized: string): string {
  return ` ${fold(normalized).replace(/[^\p{L}\p{N}'\s]+/gu, ' ').replace(/\s+/g, ' ').trim()} `;
}

/** Whether the question asks what applies to a member (a requirement, a term, a cover); see {@link RULE}. */
export function asksAboutRules(normalized: string): boolean {
  return RULE.test(patternForm(normalized));
}

/** Reads what a question asks for from its form; `normalized` is the question in written standard form. */
export function classifyQuestion(normalized: string): AskType {
  const q = patternForm(normalized);
  if (SERVICE.test(q.trim())) return 'service';
  if (PERSON.test(q)) return 'person';
  if (ERRAND.test(q)) return 'errand';
  if ((OWN_CASE.test(q) && /\b(jag|mig|min|mitt|mina|i|my|me)\b/.test(q)) || CHECK_MY_CASE.test(q)) return 'own-case';
  if (NUMBER.test(q)) return 'number';
  if (DATE.test(q) || WHEN.test(normalized.toLowerCase().replace(/\s+/g, ' ').trim() + ' ')) return 'date';
  if (PLACE.test(q)) return 'place';
  if (REASON.test(q)) return 'reason';
  if (LIST.test(q)) return 'list';
  if (BROAD.test(q.trim())) return 'broad';
  return 'position';
}

const NUMBER_WORDS =
  /\b(\d+|tva|tre|fyra|fem|sju|atta|nio|tio|elva|tolv|tjugo|trettio|fyrtio|femtio|hundra|tusen|tusentals|miljon(er)?|miljard(er)?|dubbla|dubbelt|halften|halva|procent|en tredjedel|en fjardedel|samtliga|majoriteten|flertalet|varannan|var tredje|var fjarde|two|three|four|five|ten|hundred|thousand|million|percent|double|half|manatlig\w*|arlig\w*|kvartalsvis|veckovis|dagligen|regelbundet|varje (ar|manad|vecka|dag)|monthly|yearly|annual\w*|weekly|regularly)\b/;
const DATE_WORDS = /\b((19|20)\d{2}|(ar|manader|veckor|decennier|artionden) (sedan|sen)|januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|varje ar|arligen|ett ar|under aret|vart fjarde ar|kongressperioden|perioden|kongressen)\b/;

/** Whether a sentence holds the type of answer asked for (a figure for `number`, a time for `date`). */
export function holdsAskedType(ask: AskType, sentence: string): boolean {
  const s = ` ${fold(sentence).replace(/(\d)\s+(?=\d{3}\b)/g, '$1')} `;
  switch (ask) {
    case 'number':
      return NUMBER_WORDS.test(s);
    case 'date':
      return DATE_WORDS.test(s);
    case 'reason':
      return /\b(eftersom|darfor|for att|pa grund av|beror pa|anledning|orsak|skal|sa att|da )\b/.test(s);
    case 'person':
      return false;
    default:
      return true;
  }
}
