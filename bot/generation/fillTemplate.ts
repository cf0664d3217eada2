/** `{{name}}` placeholders; names are letters and digits. */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** The distinct placeholder names in a template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * Fills `{{name}}` placeholders in one pass: a value is inserted as it is and never scanned again,
 * so a passage or question containing "{{question}}" stays literal text. A placeholder without a
 * value is a programming error (the loader has checked each template's placeholders).
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Mallen saknar värde för {{${name}}}.`);
    return value;
  });
}
