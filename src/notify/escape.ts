/**
 * Untrusted text (target names, breach texts, what servers said) on its way into each channel's own
 * markup. Every function first makes the text plain (no control, bidi or zero-width characters, one
 * line) and bounds it; each then neutralises what its format would turn into a mention, a link or
 * formatting. A zero-width space inside a token is what stops the mention parsers, as on GitHub.
 */
import { plain, truncate } from '../text/untrusted.js';

const ZW = '\u200B';

const bounded = (text: string, max: number) => truncate(plain(text), max);

/**
 * Slack mrkdwn: `&`, `<` and `>` are the three characters Slack asks to escape (so `<!channel>`,
 * `<@U123>`, `<#C1>` and `<https://x|text>` stay text); `@channel`, `@here` and `@everyone` written
 * bare get a zero-width space; `*`, `_`, `~` and backticks (bold, italic, strike, code) and `:emoji:`
 * get one too, since mrkdwn has no backslash escape.
 */
export function slackMrkdwn(text: string, max = 300): string {
  return bounded(text, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, `@${ZW}`)
    .replace(/[*_~`:]/g, `$&${ZW}`)
    .replace(/:\/\//g, `:${ZW}//`);
}

/**
 * Slack plain_text: not parsed for mentions or links, yet `&<>` are escaped (as Slack stores text) and
 * `@` gets a zero-width space, in case a client or a later edit treats it as mrkdwn.
 */
export function slackPlain(text: string, max = 150): string {
  return bounded(text, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, `@${ZW}`);
}

/**
 * Discord markdown: every markdown character backslash-escaped (`*_~|>#-[]()` and backticks, so no
 * spoiler, heading, quote, masked link or code); `<` too, so `<@id>`, `<@&role>`, `<#channel>` and
 * `<t:…>` are not parsed; `@everyone` and `@here` get a zero-width space (allowed_mentions is also
 * empty); `://` is broken so no URL becomes a link.
 */
export function discordMarkdown(text: string, max = 300): string {
  return bounded(text, max)
    .replace(/[\\`*_~|>#[\]()<:-]/g, (ch) => (ch === ':' ? ch : `\\${ch}`))
    .replace(/@/g, `@${ZW}`)
    .replace(/:\/\//g, `:${ZW}//`);
}

/**
 * Adaptive Card TextBlock markdown (Teams): only what makes markup is backslash-escaped, since other
 * escapes would show (`*`, `_`, `~`, backticks, `[` and `]` anywhere; `-`, `+`, `#`, `>` or `1.` at the
 * start, a list or heading); a zero-width space after each `<` (so no `<at>` mention tag), `@`, `://`
 * and `www` (so Teams links no URL). Adaptive Card text is not HTML: entities would show as written.
 */
export function teamsMarkdown(text: string, max = 300): string {
  return bounded(text, max)
    .replace(/[\\`*_~[\]]/g, (ch) => `\\${ch}`)
    .replace(/^([-+#>]|\d+\.)/, '\\$1')
    .replace(/</g, `<${ZW}`)
    .replace(/@/g, `@${ZW}`)
    .replace(/:\/\//g, `:${ZW}//`)
    .replace(/www\./gi, (m) => `${m.slice(0, 3)}${ZW}.`);
}

/**
 * Escaping may lengthen a text (`&` becomes `&amp;`): the longest cut whose escaped form fits `max`
 * UTF-16 code units (what the channels count), so an escape is never cut in half.
 */
export function fitted(render: (text: string, max: number) => string, text: string, max: number): string {
  for (let m = max; m > 0; m = Math.floor(m * 0.8)) {
    const out = render(text, m);
    if (out.length <= max) return out;
  }
  return '';
}

/** The generic webhook's JSON: plain and bounded; the receiver escapes for wherever it shows it. */
export function jsonText(text: string, max = 300): string {
  return bounded(text, max);
}
