import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';

export type ModelCallOutcome =
  | { ok: true; text: string }
  | { ok: false; reason: 'timeout' | 'provider-error'; detail: string };

/** A provider error for logs: its class, HTTP status if any, and the start of its message. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const status = (error as { status?: unknown }).status;
  return `${error.name}${typeof status === 'number' ? ` ${status}` : ''}: ${error.message.slice(0, 200)}`;
}

/**
 * Calls a chat model with a hard time limit. The call gets an AbortSignal (so an HTTP request is
 * cancelled) and is also raced against a timer, so a model that ignores the signal is abandoned
 * all the same: the question never waits longer than `timeoutMs`. Never throws.
 */
export async function invokeWithTimeout(model: BaseChatModel, messages: BaseMessage[], timeoutMs: number): Promise<ModelCallOutcome> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      resolve('timeout');
    }, timeoutMs);
  });
  const timedOut: ModelCallOutcome = { ok: false, reason: 'timeout', detail: `no reply within ${timeoutMs} ms` };
  try {
    const call = model.invoke(messages, { signal: controller.signal });
    // An abandoned call may still reject later; that must not become an unhandled rejection.
    call.catch(() => undefined);
    const result = await Promise.race([call, expired]);
    if (result === 'timeout') return timedOut;
    return { ok: true, text: result.text };
  } catch (error) {
    if (controller.signal.aborted) return timedOut;
    return { ok: false, reason: 'provider-error', detail: describeError(error) };
  } finally {
    clearTimeout(timer);
  }
}
