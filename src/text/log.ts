/**
 * Text on its way to a log the GitHub runner reads. The runner splits output into lines at `\n`, `\r`
 * and `\r\n`; it takes a line as a workflow command when, after leading whitespace, it starts with `::`,
 * or when it holds the legacy `##[` anywhere; command names match case-insensitively, and the delimiters
 * match culture-sensitively, so characters that collation ignores (zero-width, format, combining marks)
 * do not keep `#` and `#` apart. Nothing a server sent may reach the log in a form the runner parses.
 */

/** Characters collation may ignore: format and zero-width characters, and marks after punctuation. */
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}]|(?<=[#:[\]])\p{M}+/gu;

/** One physical line, made inert: `##[` broken everywhere, `::` at the start broken. */
function inertLine(line: string): string {
  const clean = line.replace(/\t/g, ' ').replace(IGNORABLE, '');
  // U+FF03 and U+FF1A (fullwidth # and :) read the same to a person and are not the runner's delimiters.
  const unhashed = clean.replaceAll('##[', '#\uFF03[');
  return unhashed.replace(/^(\s*):(?=:)/u, '$1\uFF1A');
}

/** Free text for the log (info lines, the CLI's table), each line inert; line breaks kept as `\n`. */
export function inertLogText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(inertLine)
    .join('\n');
}

/**
 * A JSON value as one log line: ASCII only (every other character as a `\u` escape, which JSON
 * parsers read back unchanged), so no collation rule applies, and `##[` written as `#\u0023[`.
 * The line starts with `{` or `[`, never `::`.
 */
export function jsonLogLine(value: unknown): string {
  return inertJson(JSON.stringify(value));
}

/** JSON text (one line or pretty-printed) made inert the same way; it still parses to the same value. */
export function inertJson(json: string): string {
  return json
    .replace(/[^\x20-\x7e\n]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replaceAll('##[', '#\\u0023[');
}
