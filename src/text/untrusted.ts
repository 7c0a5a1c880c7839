import { secretForms } from '../secrets.js';

/**
 * Untrusted text (what a server said), made safe to keep: secrets redacted, control characters and
 * markup dropped, length bounded. Escaping for a particular renderer (markdown) happens where it renders.
 */

/** Things that look like credentials, wherever they appear in server text. */
const SECRET_PATTERNS: RegExp[] = [
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g, // OpenAI-style keys, including sk-proj-…
  /\b(gh[pousr]_[A-Za-z0-9]{16,})/g, // GitHub tokens
  /\b(gsk|xai|csk)_[A-Za-z0-9]{16,}/g, // Groq, xAI, Cerebras
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(api[-_]?key|token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"',;]{6,}/gi,
];

/**
 * Replaces the given secrets (as they are, URL-encoded or base64) and anything shaped like a key with
 * `[REDACTED]`.
 * Used on every server text before it is stored, printed or rendered.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const form of secretForms(secrets)) out = out.split(form).join('[REDACTED]');
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, _g1, g2) =>
      typeof g2 === 'string' && /[:=]/.test(g2)
        ? `${match.slice(0, match.indexOf(g2) + g2.length)}[REDACTED]`
        : '[REDACTED]',
    );
  }
  return out;
}

/**
 * Invisible characters a server may use to disguise text: bidi overrides and isolates (which reorder
 * what a reader sees), zero-width spaces, joiners and marks, the word joiner and invisible operators,
 * the byte-order mark, the soft hyphen and the other format characters that render as nothing. They
 * are dropped, so the only zero-width spaces in rendered output are the ones the renderers insert.
 */
const INVISIBLE =
  /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/** Drops ANSI escapes, control and invisible characters, folds whitespace to single spaces. */
export function plain(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes is the point
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
      .replace(INVISIBLE, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: as above
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Cuts to at most `max` characters, saying so. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** IPv4 and IPv6 addresses (three colons at least, so a time of day is not one). */
const IP_ADDRESS = /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){3,7}\b/gi;

const HTML_ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
};

/**
 * How much of an HTML page is looked at. An error page says what it has to say near the top; the
 * rest of a large page is not worth the memory or the time.
 */
export const HTML_CHARS = 64 * 1024;

/** Elements whose content is not words: dropped with their content. */
const NON_TEXT_ELEMENTS = ['script', 'style', 'head', 'title'] as const;

/** The first `max` characters of `html`, cut at the last whitespace, `<` or `>` so no word (a key!) is cut in two. */
function headOf(html: string, max: number): string {
  if (html.length <= max) return html;
  for (let i = max; i > 0; i--) {
    const ch = html.charCodeAt(i);
    if (ch === 0x3c || ch <= 0x20) return html.slice(0, i);
    if (ch === 0x3e && i < max) return html.slice(0, i + 1);
  }
  return '';
}

/** Whether the tag name starting at `at` in `lower` is exactly `name` (not a longer name such as `header`). */
function isTagName(lower: string, at: number, name: string): boolean {
  if (!lower.startsWith(name, at)) return false;
  const next = lower.charCodeAt(at + name.length);
  return !((next >= 0x61 && next <= 0x7a) || (next >= 0x30 && next <= 0x39) || next === 0x2d);
}

/** The title's raw text, if the page has a closed `<title>` element. */
function titleOf(html: string, lower: string): string | undefined {
  for (let at = lower.indexOf('<title'); at >= 0; at = lower.indexOf('<title', at + 1)) {
    if (!isTagName(lower, at + 1, 'title')) continue;
    const open = lower.indexOf('>', at);
    if (open < 0) return undefined; // no later title has a `>` either
    const close = lower.indexOf('</title>', open);
    return close < 0 ? undefined : html.slice(open + 1, close);
  }
  return undefined;
}

/**
 * The page with every tag replaced by a space and script, style, head and title elements dropped
 * with their content. One pass, linear in the length whatever the page: searches never restart from
 * an earlier place, and a search that found nothing is not repeated (a page of unclosed `<` or of
 * `<script` without `</script>` costs the same as any other).
 */
function stripTags(html: string, lower: string): string {
  const out: string[] = [];
  /** Where the next `</name>` is, at or after where it was last looked for; -1 once there is none. */
  const closes = new Map<string, number>();
  const closeAfter = (name: string, from: number): number => {
    const known = closes.get(name);
    if (known !== undefined && (known < 0 || known >= from)) return known;
    const found = lower.indexOf(`</${name}>`, from);
    closes.set(name, found);
    return found;
  };
  let nextGt = -2; // where the next `>` is; -2: not looked for yet
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const element = NON_TEXT_ELEMENTS.find((name) => isTagName(lower, lt + 1, name));
    const close = element ? closeAfter(element, lt + 1) : -1;
    if (element && close >= 0) {
      out.push(html.slice(i, lt), ' ');
      i = close + element.length + 3;
      continue;
    }
    if (nextGt !== -1 && nextGt <= lt) nextGt = html.indexOf('>', lt + 1);
    if (nextGt < 0) break; // an unclosed `<`, and no tag after it either: the rest is text
    out.push(html.slice(i, lt), ' ');
    i = nextGt + 1;
  }
  out.push(html.slice(i));
  return out.join('');
}

/**
 * An HTML error page from a proxy says little beyond its title; keep that, drop the markup and decode
 * the common entities (the renderers escape again). Such pages show the caller's IP address ("Your
 * IP: …"), which a public issue must not: it becomes `[IP]`. Only the first {@link HTML_CHARS} are read.
 */
export function textOfHtml(html: string): string {
  const head = headOf(html, HTML_CHARS);
  // ASCII only: a full toLowerCase can change the length ('İ'), and the indices must stay the same
  const lower = head.replace(/[A-Z]+/g, (run) => run.toLowerCase());
  const title = titleOf(head, lower);
  const body = stripTags(head, lower);
  return plain(title ? `${title} — ${body}` : body)
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (_, name: string) => HTML_ENTITIES[name]!)
    .replace(IP_ADDRESS, '[IP]');
}

/** How long a stored error text may be: enough to diagnose, short enough to render. */
export const ERROR_CHARS = 300;

/** Server text made safe to keep: no secrets, no markup, bounded. */
export function cleanServerText(text: string, secrets: readonly string[]): string {
  const looksHtml = /<\s*(html|body|head|title|div|!doctype)\b/i.test(text);
  return truncate(plain(redact(looksHtml ? textOfHtml(text) : text, secrets)), ERROR_CHARS);
}
