import { plain, truncate } from '../text/untrusted.js';

/**
 * Untrusted text on its way into markdown: the job summary and the tracking issue. GitHub renders
 * both; nothing a server sends may become a mention, a link, HTML, a hidden comment or a broken table.
 *
 * Backslashes and HTML entities do not stop GitHub's mention, issue-reference and commit filters
 * (they run on the rendered text); a zero-width space inside the token does. `plain` has already
 * dropped any zero-width character the server sent, so the only ones left are inserted here.
 */

const ZERO_WIDTH_SPACE = '\u200B';
const ZW = ZERO_WIDTH_SPACE;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Breaks the HTML comment delimiters `<!--`, `-->` and `--!>` with a zero-width space, so untrusted
 * text can neither hide what follows nor pass for one of the tracker's markers
 * (`<!-- llm-heartbeat:… -->`), rendered or raw.
 */
function breakComments(text: string): string {
  return text.replace(/<!--/g, `<${ZW}!--`).replace(/--(!?)>/g, `--${ZW}$1>`);
}

/**
 * Breaks every form GitHub turns into a link or a mention, with a zero-width space inside the token:
 * - `@` → `@`ZWSP: `@user`, `@org/team`, email addresses, `user@sha`, `owner/repo@sha`, `mailto:`/`xmpp:`;
 * - `#` → `#`ZWSP: `#123`, `owner/repo#123`;
 * - `GH-123` → `GH-`ZWSP`123`;
 * - `://` → `:`ZWSP`//`: `http://`, `https://`, `ftp://` and GitHub URLs, any scheme;
 * - `www.` → `www`ZWSP`.`, wherever it is (GFM also links it after `*`, `_`, `~` and `(`);
 * - a run of 7 or more hex digits (a commit SHA, whole or abbreviated) gets a zero-width space after
 *   every 6, so no piece of it is long enough to be a SHA.
 * `<…>` autolinks need `<`, which the escaper HTML-escapes.
 */
function breakAutolinks(text: string): string {
  return text
    .replace(/[@#]/g, `$&${ZW}`)
    .replace(/gh-(?=\d)/gi, `$&${ZW}`)
    .replace(/:\/\//g, `:${ZW}//`)
    .replace(/www\./gi, (m) => `${m.slice(0, 3)}${ZW}.`)
    .replace(/[0-9a-f]{7,}/gi, (run) => run.replace(/[0-9a-f]{6}(?=[0-9a-f])/gi, `$&${ZW}`));
}

/**
 * Renders untrusted text as inert inline markdown, safe in a table cell: no newlines, markdown
 * punctuation backslash-escaped (`|` too), HTML-escaped, HTML comment delimiters and every autolink
 * form broken by zero-width spaces. Rendered and with the zero-width spaces taken out, it reads
 * exactly as `plain(text)`.
 */
export function escapeInline(text: string, max = 300): string {
  return breakAutolinks(breakComments(truncate(plain(text), max)))
    .replace(/[\\`*_{}[\]()#+!|~-]/g, (ch) => `\\${ch}`)
    .replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/**
 * Untrusted text inside a code span. GitHub makes no links or mentions inside code, so the text keeps
 * its URLs, ids and hashes as they are (copyable); what matters is that the span cannot end early or
 * leak: backticks become `'` (the only thing that could close the span; backslashes show literally
 * there), `|` is escaped (it still splits a table cell inside a code span), and HTML comment
 * delimiters are broken, so no marker or comment appears in the raw body either.
 */
export function codeSpan(text: string, max = 120): string {
  const inner = breakComments(truncate(plain(text), max).replace(/`/g, "'")).replace(/\|/g, '\\|');
  return `\`${inner || ' '}\``;
}
