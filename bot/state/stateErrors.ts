import { PlanbotenError } from '../../retrieval/errors.js';

/**
 * A failure of the engine holding shared state (the feedback file). The message is safe to log
 * and names the file, never a question or an identifier.
 */
export class StateError extends PlanbotenError {}
