import { IndexError } from '../errors.js';

/** Error codes that mean "this place cannot be written": permissions or a read-only file system. */
const READ_ONLY_CODES = new Set(['EACCES', 'EPERM', 'EROFS']);

/** The `code` of a Node file-system error (`ENOENT`, `EACCES`, …), if it has one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns a failed write near the index into an {@link IndexError} whose message says where and why,
 * without a stack trace: `INDEX_READ_ONLY` when the place is not writable, else `INDEX_WRITE_FAILED`.
 */
export function writeFailure(error: unknown, what: string, path: string): IndexError {
  if (error instanceof IndexError) return error;
  const code = errnoCode(error) ?? 'okänt fel';
  if (READ_ONLY_CODES.has(code)) {
    return new IndexError('INDEX_READ_ONLY', `Kan inte ${what} i ${path}: mappen är skrivskyddad eller saknar skrivbehörighet (${code}).`, { cause: error });
  }
  return new IndexError('INDEX_WRITE_FAILED', `Kan inte ${what} i ${path} (${code}: ${(error as Error).message}).`, { cause: error });
}
