import { writeSync } from 'node:fs';

/**
 * Named points in the index build where the fault-injection tests stop the process, so that
 * `kill -9` lands at an exact step instead of at a random moment. Inert unless
 * `PLANBOTEN_FAILPOINT` names the point: `name` blocks the process until it is killed,
 * `name:ms` pauses it that long (to hold the build lock while a second process starts).
 */
export type FailpointName = 'locked' | 'staging-partial' | 'staged' | 'old-moved' | 'swapped';

const FAILPOINT_PATTERN = /^([a-z-]+)(?::(\d{1,7}))?$/;

/** Stops here when `PLANBOTEN_FAILPOINT` asks for it; otherwise returns at once. */
export function failpoint(name: FailpointName, env: NodeJS.ProcessEnv = process.env): void {
  const match = FAILPOINT_PATTERN.exec(env.PLANBOTEN_FAILPOINT ?? '');
  if (!match || match[1] !== name) return;
  // The marker tells the test the process has reached the point; written synchronously, since
  // the process blocks right after.
  writeSync(2, `failpoint: ${name}\n`);
  // A synchronous wait: nothing else in the process may move on while it stands here.
  const cell = new Int32Array(new SharedArrayBuffer(4));
  if (match[2] !== undefined) {
    Atomics.wait(cell, 0, 0, Number(match[2]));
    return;
  }
  for (;;) Atomics.wait(cell, 0, 0);
}
