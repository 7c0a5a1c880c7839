import { plain, truncate } from '../text/untrusted.js';

/**
 * Untrusted text on its way into markdown: the job summary and the tracking issue. GitHub renders
 * both; nothing a server sends may become a mention, a link, HTML or a broken table.
 */

const ZERO_WIDTH_SPACE = '\u200B';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Renders untrusted text as inert inline markdown, safe in a table cell:
 * HTML-escaped, markdown punctuation backslash-escaped (`|` too), no newlines, and a
 * zero-width space after `@`, `#`, `://` and `www` so no mention, issue link or autolink forms.
 */
export function escapeInline(text: string, max = 300): string {
  return truncate(plain(text), max)
    .replace(/[\\`*_{}[\]()#+!|~-]/g, (ch) => `\\${ch}`)
    .replace(/[&<>"']/g, (ch) => ENTITIES[ch]!)
    .replace(/([@#])/g, `$1${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZERO_WIDTH_SPACE}.`);
}

/**
 * Untrusted text inside a code span: backslashes would show literally there, so instead drop
 * backticks, and escape `|`, which still splits a table cell inside a code span.
 */
export function codeSpan(text: string, max = 120): string {
  const inner = truncate(plain(text), max).replace(/`/g, "'").replace(/\|/g, '\\|');
  return `\`${inner || ' '}\``;
}
