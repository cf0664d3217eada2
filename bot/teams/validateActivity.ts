import { activityZodSchema } from '@microsoft/agents-activity';
import { incomingActivitySchema, type IncomingActivity } from './activitySchema.js';

/** Deepest nesting of objects and arrays accepted in an activity; Teams' own activities stay under 10. */
export const MAX_ACTIVITY_DEPTH = 32;

/** The activity, or which field is wrong and how (in Swedish, without echoing the field's value). */
export type ActivityValidation = { ok: true; activity: IncomingActivity } | { ok: false; field: string; problem: string };

/** One validation problem, in the shape both zod copies (ours and the Agents SDK's) report it. */
interface Issue {
  code: string;
  path: Array<string | number>;
  message: string;
  expected?: unknown;
  received?: unknown;
  maximum?: unknown;
}

/** How deep a parsed JSON value nests, counted without recursion so a hostile body cannot overflow the stack. */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * The problem in words. Built from the issue's kind only: zod's own messages can quote the value
 * received (an enum's, for example), and a value may be the member's text.
 */
function describe(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.received === 'undefined' ? 'saknas' : `ska vara ${String(issue.expected)}, inte ${String(issue.received)}`;
    case 'too_big':
      return typeof issue.maximum === 'number' ? `är för stort eller för långt (högst ${issue.maximum})` : 'är för stort eller för långt';
    case 'too_small':
      return 'är tomt eller för kort';
    case 'invalid_enum_value':
    case 'invalid_literal':
      return 'har ett värde som inte stöds';
    case 'custom':
    case 'invalid_string':
      // Our schemas' messages (custom refinements and regex/url checks) never include the value.
      return issue.message;
    default:
      return 'är ogiltigt';
  }
}

function failure(issue: Issue): ActivityValidation {
  return { ok: false, field: issue.path.length > 0 ? issue.path.join('.') : '(aktiviteten)', problem: describe(issue) };
}

/**
 * Checks a parsed request body before anything else reads it: a JSON object, nested at most
 * {@link MAX_ACTIVITY_DEPTH} deep, that satisfies Planboten's activity schema (what the turn logic
 * reads, text length capped before any regular expression runs) and the Agents SDK's own schema
 * (which the SDK would otherwise enforce by throwing mid-request).
 */
export function validateActivity(body: unknown): ActivityValidation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, field: '(aktiviteten)', problem: 'ska vara ett JSON-objekt' };
  }
  if (nestingDepth(body, MAX_ACTIVITY_DEPTH) > MAX_ACTIVITY_DEPTH) {
    return { ok: false, field: '(aktiviteten)', problem: `är nästlad djupare än ${MAX_ACTIVITY_DEPTH} nivåer` };
  }
  const ours = incomingActivitySchema.safeParse(body);
  if (!ours.success) return failure(ours.error.issues[0] as Issue);
  const sdk = activityZodSchema.passthrough().safeParse(body);
  if (!sdk.success) return failure(sdk.error.issues[0] as Issue);
  return { ok: true, activity: ours.data };
}
