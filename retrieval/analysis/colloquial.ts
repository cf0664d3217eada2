/**
 * Chat, sms and spoken forms of general Swedish (and a few of English), mapped to the written
 * standard the plans use. Members type "va e de me nåt sånt" for "vad är det med något sådant":
 * without this, such words count as words the plans never use and the question looks off-topic.
 *
 * Only general language belongs here — function words, spoken forms, common abbreviations —
 * never topic words of the plans. Keys are lower-case; values are standard written forms.
 */
const FORMS: Record<string, string> = {
  // Verbs, pronouns and particles as spoken and texted.
  e: 'är', ä: 'är', va: 'vad', vaa: 'vad', vafför: 'varför', vafö: 'varför', varfö: 'varför',
  nåt: 'något', nått: 'något', nåe: 'något', nånting: 'någonting', nån: 'någon', nåra: 'några', nånstans: 'någonstans',
  sån: 'sådan', sånt: 'sådant', såna: 'sådana', sånna: 'sådana', sånn: 'sådan',
  dom: 'de', dej: 'dig', mej: 'mig', sej: 'sig', me: 'med', te: 'till', fö: 'för', å: 'och', o: 'och',
  ja: 'jag', int: 'inte', ente: 'inte', ba: 'bara', sen: 'sedan',
  mycke: 'mycket', mkt: 'mycket', ngn: 'någon', ngt: 'något', ngr: 'några', nkn: 'någon',
  asså: 'alltså', elr: 'eller', hörru: 'hör du', horru: 'hör du', säjer: 'säger', säja: 'säga',
  // "nåt", "nån" typed without å.
  nat: 'något', nan: 'någon', nagot: 'något', nagon: 'någon', nagra: 'några',
  // Common abbreviations.
  pga: 'på grund av', bla: 'bland annat', tex: 'till exempel', dvs: 'det vill säga', osv: 'och så vidare',
  iaf: 'i alla fall', nr: 'nummer', ev: 'eventuellt', ang: 'angående', mm: 'med mera', etc: 'etcetera', bl: 'bland', ca: 'cirka',
  sthlm: 'Stockholm', sthlms: 'Stockholms', gbg: 'Göteborg',
  // Spoken forms of common verbs.
  funkar: 'fungerar', funka: 'fungera', funkade: 'fungerade', snackar: 'pratar', snacka: 'prata', snackade: 'pratade',
  // English chat forms.
  u: 'you', ur: 'your', r: 'are', pls: 'please', plz: 'please', thx: 'thanks', tnx: 'thanks', abt: 'about',
  bc: 'because', cuz: 'because', coz: 'because', wat: 'what', wht: 'what', govt: 'government', ppl: 'people', tho: 'though',
};

/** "vp" and "vp:n" for verksamhetsplan(en): the document type every member knows by its initials. */
const DOCUMENT_ABBREVIATIONS: Record<string, string> = { vp: 'verksamhetsplan', 'vp:n': 'verksamhetsplanen', vpn: 'verksamhetsplanen' };

/** Year shorthand: "-18", "'18", "valet 18" → 2018 (only two-digit years after an apostrophe or dash). */
const SHORT_YEAR = /(?<![\p{L}\p{N}])['’-](\d{2})(?![\p{L}\p{N}])/gu;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}:]*/gu;

/**
 * Rewrites chat forms to written standard Swedish word by word, leaving everything else as typed.
 * Runs in time linear in the text (one pass, a map lookup per word).
 */
export function normalizeColloquial(text: string): string {
  return text
    .replace(SHORT_YEAR, (_m, yy: string) => ` 20${yy}`)
    .replace(WORD, (word, offset: number, whole: string) => {
      // Part of a hyphenated word ("e-learning", "a-kassa"): a word of its own, not a chat form.
      if (whole[offset + word.length] === '-' || whole[offset - 1] === '-') return word;
      const lower = word.toLowerCase();
      return DOCUMENT_ABBREVIATIONS[lower] ?? FORMS[lower] ?? word;
    });
}
