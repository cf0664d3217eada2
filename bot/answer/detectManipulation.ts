import { fold } from '../../retrieval/analysis/fold.js';

/**
 * Requests to step outside the rules: ignore instructions, reveal the prompt, role-play, invent
 * quotes or citations, answer without sources. Such a question gets the plain "no answer" reply,
 * whatever topic words it also contains. Patterns describe the request, never a topic.
 */
const PATTERNS: RegExp[] = [
  /\b(ignorera|strunta i|glom|bortse fran)\b.{0,40}\b(instruktion|regler|dokument|planer|kallor|tidigare)/,
  /\b(ignore|disregard|forget)\b.{0,40}\b(instruction|rules|documents|plans|sources|previous|above)/,
  /\b(system ?prompt|dina instruktioner|your instructions|your prompt)\b/,
  /\b(latsas|lat som|spela|rollspel|du ar nu|agera som)\b/,
  /\b(pretend|act as|you are now|role ?play|jailbreak)\b/,
  /\b(hitta (garna )?pa|fabricera|dikta upp|gissa)\b/,
  /\b(make up|invent|fabricate|guess)\b/,
  /\b(skriv|write)\b.{0,20}\b(dikt|poem|sang|song|berattelse|story)\b/,
  /\b(utan kallor|without (any )?(sources|citations)|dont cite|don't cite|utan att citera)\b/,
  // Asking for made-up statements in the union's name, or for words put into the answer.
  /\b(skriv|formulera|ge mig|hitta pa|write|give me|draft)\b.{0,30}\b(citat|pressmeddelande|uttalande|quote|press release|statement)\b/,
  /\b(lagg till (i svaret|att)|add (to (your|the) answer|that)|sag att planen|svara att|say that (the plan|seko))\b/,
  /\b(utan regler|inga regler|no rules|skit i reglerna|bryt mot reglerna|break (the|your) rules)\b/,
  /\b(fran och med nu|from now on)\b.{0,15}\b(du|you|svara|answer)\b/,
  /\b(din|dina|your) (instruktion\w*|instruction\w*|prompt|regler|rules)\b/,
  // Claimed authority, leaking what the bot was told, forced answers.
  /\b(developer mode|utvecklarlage|admin mode|adminlage|jag ar (din |en )?(utvecklare|admin|administrator)|i am (your|the|an) (developer|admin|administrator))\b/,
  /\b(upprepa|repetera|skriv ut|visa|repeat|print|reveal|show) (texten|allt|det som star|the text|everything|what is written) (ovan|above|before)\b/,
  /\b(svara bara|sag bara|answer only|just say|only say) (ja|nej|yes|no)\b/,
  /\b(forestall dig att du|tank dig att du ar|imagine (that )?you are|override|jailbreaka?)\b/,
];

export function detectManipulation(question: string): boolean {
  const text = fold(question);
  return PATTERNS.some((p) => p.test(text));
}
