/**
 * Finds, in rendered markdown, what GitHub would still turn into a link, a mention or a hidden comment.
 * GitHub's mention, issue-reference and commit filters run on the rendered text, after backslash
 * escapes and HTML entities are resolved, so that is what is searched; a zero-width space inside a
 * token stops them, so no pattern lets one in. Deliberately broader than GitHub (no word boundaries,
 * any case): a false alarm costs a look, a miss costs a live link.
 */

/** What GitHub's filters see of inline markdown: escapes and entities resolved, zero-width spaces kept. */
export function asGitHubSees(markdown: string): string {
  return markdown
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** One pattern per form GitHub links; each needs the whole token with no zero-width space inside. */
export const LIVE_FORMS: Readonly<Record<string, RegExp>> = {
  'scheme URL': /(?:https?|ftp):\/\/[^\s\u200B]/i,
  'mailto:/xmpp:': /(?:mailto|xmpp):[\w.+-]+@[a-z0-9]/i,
  'www. link': /www\.[a-z0-9]/i,
  'GitHub URL': /https?:\/\/(?:www\.)?github\.com\//i,
  email: /[\w.+-]@[a-z0-9-]+\.[a-z]/i,
  mention: /@[a-z0-9]/i,
  team: /@[a-z0-9-]+\/[a-z0-9]/i,
  'issue #N': /#\d/,
  'GH-N': /gh-\d/i,
  'owner/repo#N': /[\w.-]+\/[\w.-]+#\d/,
  'owner/repo@sha': /[\w.-]+\/[\w.-]+@[0-9a-f]{7}/i,
  'user@sha': /[\w-]+@[0-9a-f]{7}/i,
  'commit SHA': /[0-9a-f]{7}/i,
  'HTML comment': /<!--|--!?>/,
  'tracker marker': /<!--\s*llm-heartbeat:/,
};

/** Forms that only the raw markdown can show: a `<` that GitHub would parse as an autolink or HTML. */
export const RAW_FORMS: Readonly<Record<string, RegExp>> = {
  '<…> autolink': /<[a-z][a-z0-9+.-]{1,31}:[^\s<>]*>|<[^\s<>@]+@[^\s<>]+>/i,
  'HTML tag': /<[a-z/!?]/i,
  'HTML comment': /<!--|--!?>/,
  'tracker marker': /llm-heartbeat:[^\n]*-->|<!--\s*llm-heartbeat:/,
};

/** The names of the forms still live in escaped inline markdown (outside code); empty when it is inert. */
export function liveForms(markdown: string): string[] {
  const seen = asGitHubSees(markdown);
  return [
    ...Object.entries(LIVE_FORMS)
      .filter(([, re]) => re.test(seen))
      .map(([name]) => name),
    ...Object.entries(RAW_FORMS)
      .filter(([, re]) => re.test(markdown))
      .map(([name]) => `raw ${name}`),
  ];
}
