import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs on stderr (stdout stays for machine-readable output). Silent under vitest
 * unless LOG_LEVEL says otherwise.
 */
export function createLogger(env: NodeJS.ProcessEnv = process.env, destination: pino.DestinationStream = pino.destination(2)): Logger {
  const level = env.LOG_LEVEL ?? (env.VITEST ? 'silent' : 'info');
  return pino({ level, base: { service: 'planboten' } }, destination);
}

/**
 * Whether question text may be logged: only with PLANBOTEN_LOG_QUESTIONS=true. Union membership is
 * special-category personal data, so even then the text is logged on a line of its own, without
 * request, user or conversation ids.
 */
export function questionLoggingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PLANBOTEN_LOG_QUESTIONS === 'true';
}
