/** Codes of the shared-state layer's failures. */
export type StateErrorCode = 'STATE_UNAVAILABLE' | 'FEEDBACK_FILE_UNUSABLE';

/**
 * A failure of the engine holding shared state (Redis, the feedback file). The message is safe
 * to log and names the engine or file, never a question or an identifier.
 */
export class StateError extends Error {
  readonly code: StateErrorCode;
  constructor(code: StateErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
