import { RE2JS } from 're2js';

/**
 * The `expect` pattern, matched in linear time (RE2's engine): a backtracking engine can take minutes
 * on a short reply against a pattern such as `^(\w+\s?)*$`, past any timeout. RE2 has no
 * backreferences and no lookaround; a pattern that needs them is an input error.
 */
export function compileExpect(source: string): RE2JS {
  return RE2JS.compile(source);
}

/** Why a pattern cannot be used, or null when it can. */
export function expectProblem(source: string): string | null {
  try {
    compileExpect(source);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Whether the reply holds a match anywhere (as RegExp.test does). */
export function matchesExpect(source: string, text: string): boolean {
  return compileExpect(source).test(text);
}
