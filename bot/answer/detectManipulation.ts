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
  /\b(utan kallor|without (any )?(sources|citations))\b/,
];

export function detectManipulation(question: string): boolean {
  const text = fold(question);
  return PATTERNS.some((p) => p.test(text));
}
