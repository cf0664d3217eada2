/** Reasoning models served through OpenAI-compatible servers (Qwen3, DeepSeek-R1) think aloud first. */
const THINKING = /<think>[\s\S]*?<\/think>/gi;
const FENCED = /```(?:json|JSON)?\s*\n?([\s\S]*?)\n?\s*```/;

/**
 * The JSON object in a model's reply, read the same way for every provider (no provider-specific
 * structured output): drops `<think>` blocks, takes the contents of a ```json fence if there is
 * one, else the text from the first `{` to the last `}`. Undefined when there is no JSON object.
 */
export function extractJsonObject(reply: string): unknown {
  const text = reply.replace(THINKING, '').trim();
  const fenced = FENCED.exec(text)?.[1]?.trim();
  const candidates = [fenced, text];
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const value: unknown = JSON.parse(candidate);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
    } catch {
      // Not this candidate; try the next.
    }
  }
  return undefined;
}
