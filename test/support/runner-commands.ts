/**
 * The GitHub runner's reading of a step's output, as actions/runner does it (ActionCommand.cs TryParseV2
 * and TryParse, OutputManager): lines split at \n, \r and \r\n; `::name ...::` after leading whitespace;
 * the legacy `##[name ...]` anywhere in a line; names case-insensitive; delimiters matched the way a
 * culture-sensitive comparison does, where zero-width, format and combining characters count for nothing.
 */

const COMMANDS = [
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
  'stop-commands',
];

/** What collation ignores, taken out before matching. */
function collated(line: string): string {
  return line.replace(/[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{M}]/gu, '');
}

/** Every workflow command the runner would find in this output: `name` as written. */
export function runnerCommands(output: string): string[] {
  const found: string[] = [];
  for (const raw of output.split(/\r\n|\r|\n/)) {
    const line = collated(raw);
    const v2 = /^\s*::([^\s:]+)(?:\s[^:]*)?::/u.exec(line);
    if (v2 && COMMANDS.includes(v2[1]!.toLowerCase())) {
      found.push(v2[1]!);
      continue;
    }
    for (const m of line.matchAll(/##\[([^\s\]]+)[^\]]*\]/g)) {
      if (COMMANDS.includes(m[1]!.toLowerCase())) found.push(m[1]!);
    }
  }
  return found;
}
