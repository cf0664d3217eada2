/**
 * Typed failures of the retrieval layer. Each carries a stable `code` for tests and callers, and a
 * message that is safe to show a user (no stack traces, no question text).
 */
export type PlanbotenErrorCode =
  | 'CATALOG_INVALID'
  | 'CATALOG_FILE_MISSING'
  | 'CATALOG_ENTRY_MISSING'
  | 'INDEX_CORRUPT'
  | 'INDEX_STALE'
  | 'INDEX_MISMATCH'
  | 'INDEX_READ_ONLY'
  | 'INDEX_LOCKED'
  | 'INDEX_WRITE_FAILED'
  | 'INPUT_INVALID'
  | 'CONFIG_INVALID'
  | 'PROMPTS_INVALID'
  | 'FEEDBACK_FILE_UNUSABLE';

export class PlanbotenError extends Error {
  readonly code: PlanbotenErrorCode;
  constructor(code: PlanbotenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The corpus catalog is malformed, or does not match the files in `corpus/`. */
export class CatalogError extends PlanbotenError {}

/**
 * A saved index cannot be served or written: corrupt files, built from other texts or another
 * embedder, a read-only data folder, or another process holding the build lock too long. `file`
 * names the index file at fault when there is one (e.g. `chunks.json`).
 */
export class IndexError extends PlanbotenError {
  readonly file?: string;
  constructor(code: PlanbotenErrorCode, message: string, options?: { cause?: unknown; file?: string }) {
    super(code, message, options);
    this.file = options?.file;
  }
}

/** A question that cannot be processed (empty, too long). */
export class InputError extends PlanbotenError {
  constructor(message: string) {
    super('INPUT_INVALID', message);
  }
}
