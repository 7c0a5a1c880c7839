// An in-memory stand-in for the GitHub issues REST API, served over real HTTP on 127.0.0.1 so the
// production Octokit client (with its plugins, pagination and error handling) runs unchanged against it.
// Every request is also checked against GitHub's OpenAPI description; see `violations`.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { operationFor, validateGitHubRequest } from './github-openapi.ts';

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  /** Login of the authenticated caller; authors issues and comments created through the API. */
  botLogin?: string;
  /** Logins that may be assigned; others get GitHub's 422. Default: anyone. */
  assignable?: string[];
  /** Clock for created_at/updated_at/closed_at and `since` filters. Default: real time. */
  now?: () => Date;
}

export interface FakeFault {
  method?: string;
  /** Tested against the request path (no query string). */
  path?: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests to answer with this fault. Default 1; Infinity = always. */
  times?: number;
  /**
   * Carry the request out before answering with the fault, as when GitHub applied a write and a proxy
   * answered 502 or the connection dropped: the client cannot tell it went through.
   */
  applied?: boolean;
}

export type StateReason = 'completed' | 'not_planned' | 'duplicate' | 'reopened';

export interface FakeComment {
  id: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
}

export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

export interface FakeReaction {
  id: number;
  content: ReactionContent;
  user: string;
  created_at: string;
}

export interface FakeIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: StateReason | null;
  /** Label names; each exists in `labels`. */
  labels: string[];
  assignees: string[];
  user: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  comments: FakeComment[];
  /** One per user and content, as on GitHub: creating it again answers 200 with the existing one. */
  reactions: FakeReaction[];
  locked: boolean;
}

export interface FakeLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

/** The Git Data API's objects: blobs by their real git id; trees flat (path → blob id); commits. */
export interface FakeGit {
  blobs: Map<string, Buffer>;
  trees: Map<string, Map<string, string>>;
  commits: Map<string, { tree: string; parents: string[]; message: string }>;
  /** Branch name → commit id. */
  refs: Map<string, string>;
}

export interface FakeGitHub {
  /** API base URL, for Octokit's baseUrl / GITHUB_API_URL. */
  url: string;
  git: FakeGit;
  /** The files of a branch's head, as text; an empty map when the branch does not exist. */
  branchFiles(branch: string): Map<string, string>;
  /** Commits reachable from a branch's head. */
  commitCount(branch: string): number;
  owner: string;
  repo: string;
  issues: FakeIssue[];
  labels: FakeLabel[];
  requests: FakeRequest[];
  /** Problems found in received requests by validateGitHubRequest (plus calls this fake doesn't implement). */
  violations: string[];
  fail(fault: FakeFault): void;
  seedIssue(issue: Partial<FakeIssue> & { title: string }): FakeIssue;
  /** Clears issues, labels, requests, violations and pending faults. */
  reset(): void;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const MAX_BODY_LENGTH = 65_536;

function errorBody(status: number, message: string, documentationUrl = DOCS, extra: object = {}) {
  return { message, ...extra, documentation_url: documentationUrl, status: String(status) };
}

const secondaryRateLimitMessage =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID C0DE:1234:5678:9ABC:DEF0.';
const secondaryRateLimitDocs =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

/** Realistic GitHub error replies, for `fake.fail({ ...FAULTS.x, method, path })`. */
export const FAULTS = {
  /** GITHUB_TOKEN without `issues: write`. */
  missingPermission: {
    status: 403,
    body: errorBody(403, 'Resource not accessible by integration', `${DOCS}/issues/issues#create-an-issue`),
  },
  issuesDisabled: {
    status: 410,
    body: errorBody(410, 'Issues are disabled for this repo', 'https://docs.github.com/v3/issues/'),
  },
  secondaryRateLimit: (retryAfterSeconds = 1): FakeFault => ({
    status: 403,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: errorBody(403, secondaryRateLimitMessage, secondaryRateLimitDocs),
  }),
  tooManyRequests: (retryAfterSeconds = 1): FakeFault => ({
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: errorBody(429, secondaryRateLimitMessage, secondaryRateLimitDocs),
  }),
  /** Primary (hourly) limit exhausted: 403 with x-ratelimit-remaining 0. */
  primaryRateLimit: (resetInSeconds = 1): FakeFault => ({
    status: 403,
    headers: {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + resetInSeconds),
    },
    body: errorBody(
      403,
      'API rate limit exceeded for installation ID 12345.',
      `${DOCS}/overview/resources-in-the-rest-api#rate-limiting`,
    ),
  }),
  serverError: { status: 500, body: { message: 'Server Error' } },
  /** What GitHub answers a ref update that is not a fast-forward. */
  notFastForward: {
    status: 422,
    body: errorBody(422, 'Update is not a fast forward', `${DOCS}/git/refs#update-a-reference`),
  },
  /** GITHUB_TOKEN with `contents: read` only, on a Git Data write. */
  contentsReadOnly: {
    status: 403,
    body: errorBody(403, 'Resource not accessible by integration', `${DOCS}/git/trees#create-a-tree`),
  },
} satisfies Record<string, FakeFault | ((seconds?: number) => FakeFault)>;

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface Context {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** http://host:port as the client addressed us, for url fields and Link headers. */
  api: string;
  pathname: string;
}

type Handler = (ctx: Context) => Reply;

const KNOWN_USER_IDS: Record<string, number> = { 'github-actions[bot]': 41898282, octocat: 583231 };

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Label inputs are names or `{ name }` objects. */
function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return typeof value === 'string' ? [value] : [];
  return value
    .map((item) => (typeof item === 'string' ? item : asRecord(item).name))
    .filter((name): name is string => typeof name === 'string' && name !== '');
}

function logins(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item) => (typeof item === 'string' ? item : asRecord(item).login))
    .filter((login): login is string => typeof login === 'string');
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'models';
  const botLogin = options.botLogin ?? 'github-actions[bot]';
  const now = () => isoSeconds(options.now?.() ?? new Date());

  const issues: FakeIssue[] = [];
  const labels: FakeLabel[] = [];
  const requests: FakeRequest[] = [];
  const violations: string[] = [];
  const faults: (FakeFault & { remaining: number })[] = [];
  const userIds = new Map<string, number>();
  let nextId = 1;

  // ---- JSON rendering, shaped like api.github.com ----

  const repoPath = `/repos/${owner}/${repo}`;
  const htmlRepo = `https://github.com/${owner}/${repo}`;

  function userJson(api: string, login: string) {
    let id = KNOWN_USER_IDS[login] ?? userIds.get(login);
    if (id === undefined) {
      id = 100_000 + userIds.size;
      userIds.set(login, id);
    }
    const isBot = login.endsWith('[bot]');
    const url = `${api}/users/${encodeURIComponent(login)}`;
    return {
      login,
      id,
      node_id: `${isBot ? 'BOT' : 'U'}_kgDO${id}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      gravatar_id: '',
      url,
      html_url: isBot
        ? `https://github.com/apps/${login.replace(/\[bot\]$/, '')}`
        : `https://github.com/${login}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: isBot ? 'Bot' : 'User',
      user_view_type: 'public',
      site_admin: false,
    };
  }

  function labelJson(api: string, label: FakeLabel) {
    return {
      id: label.id,
      node_id: `LA_kwDO${label.id}`,
      url: `${api}${repoPath}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      color: label.color,
      default: false,
      description: label.description,
    };
  }

  const association = (login: string) => (login.toLowerCase() === owner.toLowerCase() ? 'OWNER' : 'NONE');

  function issueJson(api: string, issue: FakeIssue) {
    const url = `${api}${repoPath}/issues/${issue.number}`;
    const assignees = issue.assignees.map((login) => userJson(api, login));
    return {
      url,
      repository_url: `${api}${repoPath}`,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${htmlRepo}/issues/${issue.number}`,
      id: issue.id,
      node_id: `I_kwDO${issue.id}`,
      number: issue.number,
      title: issue.title,
      user: userJson(api, issue.user),
      labels: issue.labels.map((name) => labelJson(api, ensureLabel(name))),
      state: issue.state,
      locked: issue.locked,
      assignee: assignees[0] ?? null,
      assignees,
      milestone: null,
      comments: issue.comments.length,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      author_association: association(issue.user),
      active_lock_reason: null,
      body: issue.body,
      closed_by: issue.state === 'closed' ? userJson(api, botLogin) : null,
      timeline_url: `${url}/timeline`,
      performed_via_github_app: null,
      state_reason: issue.state_reason,
    };
  }

  function commentJson(api: string, issue: FakeIssue, comment: FakeComment) {
    return {
      url: `${api}${repoPath}/issues/comments/${comment.id}`,
      html_url: `${htmlRepo}/issues/${issue.number}#issuecomment-${comment.id}`,
      issue_url: `${api}${repoPath}/issues/${issue.number}`,
      id: comment.id,
      node_id: `IC_kwDO${comment.id}`,
      user: userJson(api, comment.user),
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      author_association: association(comment.user),
      body: comment.body,
      performed_via_github_app: null,
    };
  }

  function reactionJson(api: string, reaction: FakeReaction) {
    return {
      id: reaction.id,
      node_id: `REA_lALO${reaction.id}`,
      user: userJson(api, reaction.user),
      content: reaction.content,
      created_at: reaction.created_at,
    };
  }

  // ---- state helpers ----

  // GitHub matches label names case-insensitively.
  function findLabel(name: string): FakeLabel | undefined {
    return labels.find((label) => label.name.toLowerCase() === name.toLowerCase());
  }

  function ensureLabel(name: string): FakeLabel {
    let label = findLabel(name);
    if (!label) {
      label = { id: nextId++, name, color: 'ededed', description: null };
      labels.push(label);
    }
    return label;
  }

  /** Canonical names of the given labels, created if missing (as GitHub does), without duplicates. */
  function resolveLabels(names: string[]): string[] {
    return [...new Set(names.map((name) => ensureLabel(name).name))];
  }

  const nextNumber = () => Math.max(0, ...issues.map((issue) => issue.number)) + 1;
  const findIssue = (number: string) => issues.find((issue) => String(issue.number) === number);

  function validationFailed(docs: string, errors: object[]): Reply {
    return { status: 422, body: errorBody(422, 'Validation Failed', docs, { errors }) };
  }

  // The wording GitHub uses when a body fails its schema's `required`.
  function missingField(field: string, docs: string): Reply {
    return { status: 422, body: errorBody(422, `Invalid request.\n\n"${field}" wasn't supplied.`, docs) };
  }

  function notFound(docs = DOCS): Reply {
    return { status: 404, body: errorBody(404, 'Not Found', docs) };
  }

  function tooLong(resource: string, docs: string): Reply {
    const message = `body is too long (maximum is ${MAX_BODY_LENGTH} characters)`;
    return validationFailed(docs, [{ resource, code: 'custom', field: 'body', message }]);
  }

  function unassignable(candidates: string[], docs: string): Reply | null {
    const allowed = options.assignable?.map((login) => login.toLowerCase());
    const bad = allowed ? candidates.filter((login) => !allowed.includes(login.toLowerCase())) : [];
    if (bad.length === 0) return null;
    return validationFailed(
      docs,
      bad.map((value) => ({ value, resource: 'Issue', field: 'assignees', code: 'invalid' })),
    );
  }

  /** Slices a list the way GitHub does and adds the Link header Octokit's paginate follows. */
  function paginate(ctx: Context, items: unknown[]): Reply {
    const perPage = Math.min(100, Math.max(1, Number.parseInt(ctx.query.get('per_page') ?? '', 10) || 30));
    const page = Math.max(1, Number.parseInt(ctx.query.get('page') ?? '', 10) || 1);
    const lastPage = Math.max(1, Math.ceil(items.length / perPage));
    const pageUrl = (n: number) => {
      const query = new URLSearchParams(ctx.query);
      query.set('page', String(n));
      return `<${ctx.api}${ctx.pathname}?${query}>`;
    };
    const links: string[] = [];
    if (page < lastPage) links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(lastPage)}; rel="last"`);
    if (page > 1) links.push(`${pageUrl(page - 1)}; rel="prev"`, `${pageUrl(1)}; rel="first"`);
    return {
      status: 200,
      body: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  }

  // ---- endpoints ----

  const docs = {
    create: `${DOCS}/issues/issues#create-an-issue`,
    update: `${DOCS}/issues/issues#update-an-issue`,
    comment: `${DOCS}/issues/comments#create-an-issue-comment`,
    updateComment: `${DOCS}/issues/comments#update-an-issue-comment`,
    getLabel: `${DOCS}/issues/labels#get-a-label`,
    createLabel: `${DOCS}/issues/labels#create-a-label`,
    reactions: `${DOCS}/reactions/reactions`,
  };

  const listIssues: Handler = (ctx) => {
    const q = ctx.query;
    const state = q.get('state') ?? 'open';
    const wanted = (q.get('labels') ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    const creator = q.get('creator')?.toLowerCase();
    const assignee = q.get('assignee')?.toLowerCase();
    const since = q.get('since');
    const sortKey = q.get('sort') ?? 'created';
    const sign = q.get('direction') === 'asc' ? 1 : -1;
    const sortValue = (issue: FakeIssue) =>
      sortKey === 'updated'
        ? issue.updated_at
        : sortKey === 'comments'
          ? issue.comments.length
          : issue.created_at;
    const matching = issues
      .filter((issue) => state === 'all' || issue.state === state)
      .filter((issue) => wanted.every((name) => issue.labels.some((l) => l.toLowerCase() === name)))
      .filter((issue) => !creator || issue.user.toLowerCase() === creator)
      .filter(
        (issue) =>
          !assignee ||
          (assignee === 'none'
            ? issue.assignees.length === 0
            : assignee === '*'
              ? issue.assignees.length > 0
              : issue.assignees.some((login) => login.toLowerCase() === assignee)),
      )
      .filter((issue) => !since || Date.parse(issue.updated_at) >= Date.parse(since))
      .sort((a, b) => {
        const [x, y] = [sortValue(a), sortValue(b)];
        // Timestamps have one-second resolution; fall back to creation order like GitHub's ids.
        return sign * (x < y ? -1 : x > y ? 1 : a.number - b.number);
      });
    return paginate(
      ctx,
      matching.map((issue) => issueJson(ctx.api, issue)),
    );
  };

  const createIssue: Handler = (ctx) => {
    const input = asRecord(ctx.body);
    if (typeof input.title !== 'string' && typeof input.title !== 'number') {
      return missingField('title', docs.create);
    }
    const body = typeof input.body === 'string' ? input.body : null;
    if (body && body.length > MAX_BODY_LENGTH) return tooLong('Issue', docs.create);
    const assignees = [...new Set([...logins(input.assignees), ...logins([input.assignee])])];
    const refusal = unassignable(assignees, docs.create);
    if (refusal) return refusal;
    const timestamp = now();
    const issue: FakeIssue = {
      id: nextId++,
      number: nextNumber(),
      title: String(input.title),
      body,
      state: 'open',
      state_reason: null,
      labels: resolveLabels(labelNames(input.labels)),
      assignees,
      user: botLogin,
      created_at: timestamp,
      updated_at: timestamp,
      closed_at: null,
      comments: [],
      reactions: [],
      locked: false,
    };
    issues.push(issue);
    const json = issueJson(ctx.api, issue);
    return { status: 201, body: json, headers: { location: json.url } };
  };

  const getIssue: Handler = (ctx) => {
    const issue = findIssue(ctx.params.issue_number ?? '');
    return issue
      ? { status: 200, body: issueJson(ctx.api, issue) }
      : notFound(`${DOCS}/issues/issues#get-an-issue`);
  };

  const updateIssue: Handler = (ctx) => {
    const issue = findIssue(ctx.params.issue_number ?? '');
    if (!issue) return notFound(docs.update);
    const input = asRecord(ctx.body);
    if (typeof input.body === 'string' && input.body.length > MAX_BODY_LENGTH)
      return tooLong('Issue', docs.update);
    if ('assignees' in input) {
      const refusal = unassignable(logins(input.assignees), docs.update);
      if (refusal) return refusal;
      issue.assignees = [...new Set(logins(input.assignees))];
    }
    if (typeof input.title === 'string' || typeof input.title === 'number') issue.title = String(input.title);
    if ('body' in input) issue.body = typeof input.body === 'string' ? input.body : null;
    if ('labels' in input) issue.labels = resolveLabels(labelNames(input.labels));
    const timestamp = now();
    // state_reason is ignored unless the state actually changes (per GitHub's docs).
    if (input.state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.closed_at = timestamp;
      issue.state_reason = (input.state_reason as StateReason | null | undefined) ?? 'completed';
    } else if (input.state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closed_at = null;
      issue.state_reason = 'reopened';
    }
    issue.updated_at = timestamp;
    return { status: 200, body: issueJson(ctx.api, issue) };
  };

  const listComments: Handler = (ctx) => {
    const issue = findIssue(ctx.params.issue_number ?? '');
    if (!issue) return notFound(`${DOCS}/issues/comments#list-issue-comments`);
    const since = ctx.query.get('since');
    const comments = issue.comments.filter((c) => !since || Date.parse(c.updated_at) >= Date.parse(since));
    return paginate(
      ctx,
      comments.map((comment) => commentJson(ctx.api, issue, comment)),
    );
  };

  const createComment: Handler = (ctx) => {
    const issue = findIssue(ctx.params.issue_number ?? '');
    if (!issue) return notFound(docs.comment);
    const body = asRecord(ctx.body).body;
    if (typeof body !== 'string') {
      return missingField('body', docs.comment);
    }
    if (body.length > MAX_BODY_LENGTH) return tooLong('IssueComment', docs.comment);
    const timestamp = now();
    const comment: FakeComment = {
      id: nextId++,
      body,
      user: botLogin,
      created_at: timestamp,
      updated_at: timestamp,
    };
    issue.comments.push(comment);
    issue.updated_at = timestamp;
    const json = commentJson(ctx.api, issue, comment);
    return { status: 201, body: json, headers: { location: json.url } };
  };

  function findComment(id: string) {
    for (const issue of issues) {
      const comment = issue.comments.find((c) => String(c.id) === id);
      if (comment) return { issue, comment };
    }
    return undefined;
  }

  const getComment: Handler = (ctx) => {
    const found = findComment(ctx.params.comment_id ?? '');
    return found
      ? { status: 200, body: commentJson(ctx.api, found.issue, found.comment) }
      : notFound(`${DOCS}/issues/comments#get-an-issue-comment`);
  };

  const updateComment: Handler = (ctx) => {
    const found = findComment(ctx.params.comment_id ?? '');
    if (!found) return notFound(docs.updateComment);
    const body = asRecord(ctx.body).body;
    if (typeof body !== 'string') {
      return missingField('body', docs.updateComment);
    }
    if (body.length > MAX_BODY_LENGTH) return tooLong('IssueComment', docs.updateComment);
    found.comment.body = body;
    found.comment.updated_at = now();
    return { status: 200, body: commentJson(ctx.api, found.issue, found.comment) };
  };

  // Reactions are unique per user and content: the second create answers 200 with the first one.
  const createReaction: Handler = (ctx) => {
    const issue = findIssue(ctx.params.issue_number ?? '');
    if (!issue) return notFound(`${docs.reactions}#create-reaction-for-an-issue`);
    const content = asRecord(ctx.body).content as ReactionContent;
    const existing = issue.reactions.find((r) => r.user === botLogin && r.content === content);
    if (existing) return { status: 200, body: reactionJson(ctx.api, existing) };
    const reaction: FakeReaction = { id: nextId++, content, user: botLogin, created_at: now() };
    issue.reactions.push(reaction);
    return { status: 201, body: reactionJson(ctx.api, reaction) };
  };

  const listReactions: Handler = (ctx) => {
    const issue = findIssue(ctx.params.issue_number ?? '');
    if (!issue) return notFound(`${docs.reactions}#list-reactions-for-an-issue`);
    const content = ctx.query.get('content');
    return paginate(
      ctx,
      issue.reactions.filter((r) => !content || r.content === content).map((r) => reactionJson(ctx.api, r)),
    );
  };

  const deleteReaction: Handler = (ctx) => {
    const issue = findIssue(ctx.params.issue_number ?? '');
    const index = issue?.reactions.findIndex((r) => String(r.id) === ctx.params.reaction_id) ?? -1;
    // GitHub answers 204 for a reaction already gone, too.
    if (issue && index >= 0) issue.reactions.splice(index, 1);
    return issue ? { status: 204, body: undefined } : notFound(`${docs.reactions}#delete-an-issue-reaction`);
  };

  const listLabels: Handler = (ctx) =>
    paginate(
      ctx,
      labels.map((label) => labelJson(ctx.api, label)),
    );

  const getLabel: Handler = (ctx) => {
    const label = findLabel(ctx.params.name ?? '');
    return label ? { status: 200, body: labelJson(ctx.api, label) } : notFound(docs.getLabel);
  };

  const createLabel: Handler = (ctx) => {
    const input = asRecord(ctx.body);
    if (typeof input.name !== 'string' || input.name === '') {
      return missingField('name', docs.createLabel);
    }
    if (findLabel(input.name)) {
      return validationFailed(docs.createLabel, [
        { resource: 'Label', code: 'already_exists', field: 'name' },
      ]);
    }
    // GitHub tolerates a leading '#'; anything else but 6 hex digits is rejected.
    const color = typeof input.color === 'string' ? input.color.replace(/^#/, '') : 'ededed';
    if (!/^[0-9a-f]{6}$/i.test(color)) {
      return validationFailed(docs.createLabel, [{ resource: 'Label', code: 'invalid', field: 'color' }]);
    }
    const description = typeof input.description === 'string' ? input.description : null;
    const label: FakeLabel = { id: nextId++, name: input.name, color, description };
    labels.push(label);
    const json = labelJson(ctx.api, label);
    return { status: 201, body: json, headers: { location: json.url } };
  };

  const addLabels: Handler = (ctx) => {
    const issue = findIssue(ctx.params.issue_number ?? '');
    if (!issue) return notFound(`${DOCS}/issues/labels#add-labels-to-an-issue`);
    // GitHub also accepts a bare array instead of { labels }.
    const names = labelNames(Array.isArray(ctx.body) ? ctx.body : asRecord(ctx.body).labels);
    issue.labels = resolveLabels([...issue.labels, ...names]);
    issue.updated_at = now();
    return {
      status: 200,
      body: issue.labels.map((name) => labelJson(ctx.api, findLabel(name)!)),
    };
  };

  const git: FakeGit = { blobs: new Map(), trees: new Map(), commits: new Map(), refs: new Map() };
  const gitId = (kind: string, body: Buffer | string) =>
    createHash('sha1')
      .update(`${kind} ${Buffer.byteLength(body)}\0`)
      .update(body)
      .digest('hex');
  const gitDocs = `${DOCS}/git`;
  const repoApi = (api: string) => `${api}/repos/${owner}/${repo}`;
  const putBlob = (content: Buffer) => {
    const sha = gitId('blob', content);
    git.blobs.set(sha, content);
    return sha;
  };
  const treeId = (entries: Map<string, string>) =>
    gitId(
      'tree',
      [...entries]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([p, s]) => `${p} ${s}`)
        .join('\n'),
    );
  const refJson = (api: string, branch: string, sha: string) => ({
    ref: `refs/heads/${branch}`,
    node_id: `REF_${branch}`,
    url: `${repoApi(api)}/git/refs/heads/${branch}`,
    object: { sha, type: 'commit', url: `${repoApi(api)}/git/commits/${sha}` },
  });
  const person = () => ({
    name: 'github-actions[bot]',
    email: '41898282+github-actions[bot]@users.noreply.github.com',
    date: now(),
  });
  function isAncestor(ancestor: string, of: string): boolean {
    const seen = new Set<string>();
    const stack = [of];
    while (stack.length > 0) {
      const sha = stack.pop()!;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      stack.push(...(git.commits.get(sha)?.parents ?? []));
    }
    return false;
  }
  const getRef: Handler = (ctx) => {
    const sha = git.refs.get(ctx.params.branch!);
    return sha
      ? { status: 200, body: refJson(ctx.api, ctx.params.branch!, sha) }
      : notFound(`${gitDocs}/refs#get-a-reference`);
  };
  const createRef: Handler = (ctx) => {
    const body = asRecord(ctx.body);
    const ref = String(body.ref ?? '');
    const sha = String(body.sha ?? '');
    const m = /^refs\/heads\/(.+)$/.exec(ref);
    if (!m)
      return validationFailed(`${gitDocs}/refs#create-a-reference`, [
        { message: 'Reference name is invalid' },
      ]);
    if (!git.commits.has(sha))
      return validationFailed(`${gitDocs}/refs#create-a-reference`, [{ message: 'Object does not exist' }]);
    if (git.refs.has(m[1]!))
      return {
        status: 422,
        body: errorBody(422, 'Reference already exists', `${gitDocs}/refs#create-a-reference`),
      };
    git.refs.set(m[1]!, sha);
    return { status: 201, body: refJson(ctx.api, m[1]!, sha) };
  };
  const updateRef: Handler = (ctx) => {
    const branch = ctx.params.branch!;
    const body = asRecord(ctx.body);
    const sha = String(body.sha ?? '');
    const current = git.refs.get(branch);
    if (!current)
      return {
        status: 422,
        body: errorBody(422, 'Reference does not exist', `${gitDocs}/refs#update-a-reference`),
      };
    if (!git.commits.has(sha))
      return {
        status: 422,
        body: errorBody(422, 'Object does not exist', `${gitDocs}/refs#update-a-reference`),
      };
    if (body.force !== true && !isAncestor(current, sha))
      return { status: 422, body: FAULTS.notFastForward.body };
    git.refs.set(branch, sha);
    return { status: 200, body: refJson(ctx.api, branch, sha) };
  };
  const getBlob: Handler = (ctx) => {
    const content = git.blobs.get(ctx.params.sha!);
    if (!content) return notFound(`${gitDocs}/blobs#get-a-blob`);
    return {
      status: 200,
      body: {
        content: content.toString('base64').replace(/(.{60})/g, '$1\n'),
        encoding: 'base64',
        url: `${repoApi(ctx.api)}/git/blobs/${ctx.params.sha}`,
        sha: ctx.params.sha,
        size: content.length,
        node_id: `BLOB_${ctx.params.sha}`,
      },
    };
  };
  const createBlob: Handler = (ctx) => {
    const body = asRecord(ctx.body);
    const content = Buffer.from(String(body.content ?? ''), body.encoding === 'base64' ? 'base64' : 'utf8');
    const sha = putBlob(content);
    return { status: 201, body: { url: `${repoApi(ctx.api)}/git/blobs/${sha}`, sha } };
  };
  const treeJson = (api: string, sha: string, entries: Map<string, string>) => ({
    sha,
    url: `${repoApi(api)}/git/trees/${sha}`,
    truncated: false,
    tree: [...entries]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([path, blob]) => ({
        path,
        mode: '100644',
        type: 'blob',
        sha: blob,
        size: git.blobs.get(blob)?.length ?? 0,
        url: `${repoApi(api)}/git/blobs/${blob}`,
      })),
  });
  const getTree: Handler = (ctx) => {
    const commit = git.commits.get(ctx.params.tree_sha!);
    const sha = commit ? commit.tree : ctx.params.tree_sha!;
    const entries = git.trees.get(sha);
    if (!entries) return notFound(`${gitDocs}/trees#get-a-tree`);
    if (ctx.query.get('recursive') === null)
      violations.push('GET tree without recursive: the fake lists trees flat');
    return { status: 200, body: treeJson(ctx.api, sha, entries) };
  };
  const createTree: Handler = (ctx) => {
    const body = asRecord(ctx.body);
    const docs = `${gitDocs}/trees#create-a-tree`;
    const base =
      body.base_tree === undefined ? new Map<string, string>() : git.trees.get(String(body.base_tree));
    if (!base) return validationFailed(docs, [{ message: 'base_tree is not a valid tree' }]);
    const entries = new Map(base);
    for (const raw of Array.isArray(body.tree) ? body.tree : []) {
      const e = asRecord(raw);
      const path = String(e.path ?? '');
      if (e.sha === null) {
        entries.delete(path);
      } else if (typeof e.content === 'string') {
        entries.set(path, putBlob(Buffer.from(e.content, 'utf8')));
      } else if (typeof e.sha === 'string' && git.blobs.has(e.sha)) {
        entries.set(path, e.sha);
      } else return validationFailed(docs, [{ message: `tree.sha ${String(e.sha)} is not a valid blob` }]);
    }
    const sha = treeId(entries);
    git.trees.set(sha, entries);
    return { status: 201, body: treeJson(ctx.api, sha, entries) };
  };
  const createCommit: Handler = (ctx) => {
    const body = asRecord(ctx.body);
    const tree = String(body.tree ?? '');
    const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
    const docs = `${gitDocs}/commits#create-a-commit`;
    if (!git.trees.has(tree)) return validationFailed(docs, [{ message: 'Tree SHA does not exist' }]);
    if (parents.some((p) => !git.commits.has(p)))
      return validationFailed(docs, [{ message: 'Parent SHA does not exist' }]);
    const message = String(body.message ?? '');
    const sha = gitId(
      'commit',
      `${tree}\n${parents.join(',')}\n${message}\n${randomBytes(4).toString('hex')}`,
    );
    git.commits.set(sha, { tree, parents, message });
    const who = person();
    return {
      status: 201,
      body: {
        sha,
        node_id: `COMMIT_${sha}`,
        url: `${repoApi(ctx.api)}/git/commits/${sha}`,
        html_url: `https://github.com/${owner}/${repo}/commit/${sha}`,
        author: who,
        committer: who,
        message,
        tree: { sha: tree, url: `${repoApi(ctx.api)}/git/trees/${tree}` },
        parents: parents.map((p) => ({
          sha: p,
          url: `${repoApi(ctx.api)}/git/commits/${p}`,
          html_url: `https://github.com/${owner}/${repo}/commit/${p}`,
        })),
        verification: {
          verified: false,
          reason: 'unsigned',
          signature: null,
          payload: null,
          verified_at: null,
        },
      },
    };
  };

  const routes: [method: string, pattern: string, handler: Handler][] = [
    ['GET', '/repos/:owner/:repo/git/ref/heads/:branch', getRef],
    ['POST', '/repos/:owner/:repo/git/refs', createRef],
    ['PATCH', '/repos/:owner/:repo/git/refs/heads/:branch', updateRef],
    ['GET', '/repos/:owner/:repo/git/blobs/:sha', getBlob],
    ['POST', '/repos/:owner/:repo/git/blobs', createBlob],
    ['GET', '/repos/:owner/:repo/git/trees/:tree_sha', getTree],
    ['POST', '/repos/:owner/:repo/git/trees', createTree],
    ['POST', '/repos/:owner/:repo/git/commits', createCommit],
    ['GET', '/repos/:owner/:repo/issues', listIssues],
    ['POST', '/repos/:owner/:repo/issues', createIssue],
    ['GET', '/repos/:owner/:repo/issues/comments/:comment_id', getComment],
    ['PATCH', '/repos/:owner/:repo/issues/comments/:comment_id', updateComment],
    ['GET', '/repos/:owner/:repo/issues/:issue_number', getIssue],
    ['PATCH', '/repos/:owner/:repo/issues/:issue_number', updateIssue],
    ['GET', '/repos/:owner/:repo/issues/:issue_number/comments', listComments],
    ['POST', '/repos/:owner/:repo/issues/:issue_number/comments', createComment],
    ['POST', '/repos/:owner/:repo/issues/:issue_number/labels', addLabels],
    ['GET', '/repos/:owner/:repo/issues/:issue_number/reactions', listReactions],
    ['POST', '/repos/:owner/:repo/issues/:issue_number/reactions', createReaction],
    ['DELETE', '/repos/:owner/:repo/issues/:issue_number/reactions/:reaction_id', deleteReaction],
    ['GET', '/repos/:owner/:repo/labels', listLabels],
    ['POST', '/repos/:owner/:repo/labels', createLabel],
    ['GET', '/repos/:owner/:repo/labels/:name', getLabel],
  ];

  /** Finds the handler; params are URL-decoded path segments. */
  function route(method: string, pathname: string) {
    // Octokit sends {ref} as one segment (heads%2Fname); GitHub reads it as the path it encodes.
    const parts = pathname.replace(/\/git\/(refs?)\/heads%2F/i, '/git/$1/heads/').split('/');
    for (const [routeMethod, pattern, handler] of routes) {
      const segments = pattern.split('/');
      if (routeMethod !== method || segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = segments.every((segment, i) => {
        const part = parts[i] ?? '';
        if (!segment.startsWith(':')) return segment === part;
        params[segment.slice(1)] = decodeURIComponent(part);
        return part !== '';
      });
      if (ok) return { handler, params };
    }
    return null;
  }

  function takeFault(method: string, pathname: string): FakeFault | undefined {
    const fault = faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.path || f.path.test(pathname)),
    );
    if (fault) fault.remaining--;
    return fault;
  }

  function respond(method: string, url: URL, body: unknown, badJson: boolean, problems: string[]): Reply {
    const fault = takeFault(method, url.pathname);
    if (fault?.applied) {
      const match = route(method, url.pathname);
      if (match && !badJson)
        match.handler({
          params: match.params,
          query: url.searchParams,
          body,
          api: apiBase(url),
          pathname: url.pathname,
        });
    }
    if (fault) {
      const status = fault.status;
      return {
        status,
        body: fault.body ?? errorBody(status, STATUS_CODES[status] ?? 'Error'),
        headers: fault.headers,
      };
    }
    if (badJson) return { status: 400, body: errorBody(400, 'Problems parsing JSON') };
    const match = route(method, url.pathname);
    if (!match) {
      const operation = operationFor(method, url.pathname);
      // A real endpoint the fake lacks would otherwise look like a plain 404 to the code under test.
      if (operation)
        violations.push(`${method} ${url.pathname}: fake-github does not implement ${operation.operationId}`);
      return notFound();
    }
    const { params } = match;
    if (
      params.owner?.toLowerCase() !== owner.toLowerCase() ||
      params.repo?.toLowerCase() !== repo.toLowerCase()
    ) {
      return notFound();
    }
    // GitHub validates bodies against the same schema: bad types or missing fields get a 422
    // (unknown fields it silently ignores).
    const schemaErrors = problems.filter((p) => /^body[ /]/.test(p) && !p.includes('unknown field'));
    if (schemaErrors.length > 0) {
      return { status: 422, body: errorBody(422, `Invalid request.\n\n${schemaErrors.join('\n')}`) };
    }
    return match.handler({
      params,
      query: url.searchParams,
      body,
      api: apiBase(url),
      pathname: url.pathname,
    });
  }

  const apiBase = (url: URL) => `${url.protocol}//${url.host}`;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const raw = await readBody(req);
    let body: unknown = raw === '' ? undefined : raw;
    let badJson = false;
    try {
      if (raw !== '') body = JSON.parse(raw);
    } catch {
      badJson = true; // body stays the raw text, for `requests`
    }
    const problems = badJson
      ? ['request body is not valid JSON']
      : validateGitHubRequest(method, url.pathname + url.search, body);
    violations.push(...problems.map((problem) => `${method} ${url.pathname}${url.search}: ${problem}`));
    let reply: Reply;
    try {
      reply = respond(method, url, body, badJson, problems);
    } catch (error) {
      violations.push(`${method} ${url.pathname}: fake-github crashed: ${String(error)}`);
      reply = { status: 500, body: { message: 'Server Error' } };
    }
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      status: reply.status,
    });
    const used = requests.length;
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': '1000',
      // Never 0 by itself: Octokit's throttling treats a 403 with remaining 0 as the hourly limit.
      'x-ratelimit-remaining': String(Math.max(1, 1000 - used)),
      'x-ratelimit-used': String(Math.min(1000, used)),
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      'x-github-request-id': randomBytes(8)
        .toString('hex')
        .toUpperCase()
        .replace(/(.{4})(?=.)/g, '$1:'),
      ...reply.headers,
    });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`fake-github failed to answer ${req.method} ${req.url}: ${String(error)}`);
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    git,
    branchFiles(branch) {
      const head = git.refs.get(branch);
      const entries = head ? git.trees.get(git.commits.get(head)!.tree)! : new Map<string, string>();
      return new Map([...entries].map(([p, sha]) => [p, git.blobs.get(sha)!.toString('utf8')]));
    },
    commitCount(branch) {
      let n = 0;
      for (let sha = git.refs.get(branch); sha; sha = git.commits.get(sha)?.parents[0]) n++;
      return n;
    },
    owner,
    repo,
    issues,
    labels,
    requests,
    violations,
    fail(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    seedIssue(seed) {
      const timestamp = now();
      const issue: FakeIssue = {
        id: nextId++,
        number: nextNumber(),
        body: null,
        state: 'open',
        assignees: [],
        user: 'octocat',
        created_at: timestamp,
        updated_at: seed.created_at ?? timestamp,
        closed_at: seed.state === 'closed' ? timestamp : null,
        state_reason: seed.state === 'closed' ? 'completed' : null,
        comments: [],
        reactions: [],
        locked: false,
        ...seed,
        labels: resolveLabels(seed.labels ?? []),
      };
      issues.push(issue);
      return issue;
    },
    reset() {
      issues.length = 0;
      labels.length = 0;
      requests.length = 0;
      violations.length = 0;
      faults.length = 0;
      nextId = 1;
      git.blobs.clear();
      git.trees.clear();
      git.commits.clear();
      git.refs.clear();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
