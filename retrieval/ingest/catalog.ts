import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CatalogError } from '../errors.js';

export const documentEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id: små bokstäver, siffror och bindestreck'),
  file: z.string().min(1),
  title: z.string().min(1),
  issuer: z.enum(['förbundet', 'Seko Stockholm']),
  issuedBy: z.string().min(1),
  period: z.string().min(4),
  kind: z.enum(['verksamhetsplan', 'prioriteringar', 'regional plan']),
  status: z.enum(['current', 'historical']),
  supersedes: z.array(z.string()).default([]),
});

export const catalogSchema = z
  .object({ documents: z.array(documentEntrySchema).min(1) })
  .passthrough()
  .superRefine((catalog, ctx) => {
    const ids = new Set<string>();
    for (const doc of catalog.documents) {
      if (ids.has(doc.id)) ctx.addIssue({ code: 'custom', message: `dokument-id "${doc.id}" förekommer två gånger` });
      ids.add(doc.id);
    }
    for (const doc of catalog.documents) {
      for (const older of doc.supersedes) {
        if (!ids.has(older)) {
          ctx.addIssue({ code: 'custom', message: `"${doc.id}" ersätter "${older}", som inte finns i katalogen` });
        }
      }
    }
  });

export type CatalogEntry = z.infer<typeof documentEntrySchema>;
export type Catalog = z.infer<typeof catalogSchema>;

export const CATALOG_FILE = 'catalog.json';

/**
 * Reads and validates `corpus/catalog.json` and checks it against the `.txt` files beside it:
 * every text file needs an entry and every entry needs its file. Throws {@link CatalogError}
 * naming the offending file or entry.
 */
export function loadCatalog(corpusDir: string): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(corpusDir, CATALOG_FILE), 'utf8'));
  } catch (error) {
    throw new CatalogError('CATALOG_INVALID', `Katalogen ${join(corpusDir, CATALOG_FILE)} kan inte läsas som JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'katalog'}: ${i.message}`).join('; ');
    throw new CatalogError('CATALOG_INVALID', `Katalogen ${join(corpusDir, CATALOG_FILE)} är ogiltig: ${detail}`);
  }
  const catalog = parsed.data;
  const files = new Set(readdirSync(corpusDir).filter((f) => f.endsWith('.txt')));
  for (const doc of catalog.documents) {
    if (!files.has(doc.file)) {
      throw new CatalogError('CATALOG_FILE_MISSING', `Katalogposten "${doc.id}" pekar på filen ${doc.file}, som saknas i ${corpusDir}.`);
    }
  }
  const described = new Set(catalog.documents.map((d) => d.file));
  for (const file of [...files].sort()) {
    if (!described.has(file)) {
      throw new CatalogError('CATALOG_ENTRY_MISSING', `Filen ${file} i ${corpusDir} saknar post i ${CATALOG_FILE}.`);
    }
  }
  return catalog;
}
