import { ConfigError } from '../../http/serverConfig.js';

/** The manifest template cannot be filled in: a placeholder without a value, or invalid JSON. */
export class ManifestTemplateError extends ConfigError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholder names a template uses, each once. */
export function placeholdersIn(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * Fills `${{NAME}}` placeholders (the Teams Toolkit's notation) in a JSON template. Values are
 * JSON-escaped, so a value cannot break out of its string; a placeholder without a value is an
 * error naming it, never left in the package.
 */
export function renderManifest(template: string, values: Record<string, string>): Record<string, unknown> {
  const missing = placeholdersIn(template).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new ManifestTemplateError(`Manifestmallen använder ${missing.join(', ')}, som saknar värde.`);
  const filled = template.replace(PLACEHOLDER, (_match, name: string) => JSON.stringify(values[name]).slice(1, -1));
  let manifest: unknown;
  try {
    manifest = JSON.parse(filled);
  } catch (error) {
    throw new ManifestTemplateError(`Manifestmallen är inte giltig JSON: ${(error as Error).message}`);
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) throw new ManifestTemplateError('Manifestmallen ska vara ett JSON-objekt.');
  return manifest as Record<string, unknown>;
}
