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

/** Drops ANSI escapes and control characters, folds whitespace to single spaces. */
export function plain(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes is the point
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: as above
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ')
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
 * An HTML error page from a proxy says little beyond its title; keep that, drop the markup and decode
 * the common entities (the renderers escape again). Such pages show the caller's IP address ("Your
 * IP: …"), which a public issue must not: it becomes `[IP]`.
 */
export function textOfHtml(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const body = html.replace(/<(script|style|head|title)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
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
