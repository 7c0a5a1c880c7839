export const id = 418;
export const ids = [418];
export const modules = {

/***/ 4418:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  channelsOf: () => (/* binding */ channelsOf),
  sendNotifications: () => (/* binding */ sendNotifications)
});

// UNUSED EXPORTS: wanted

// EXTERNAL MODULE: ./src/report/blocks.ts
var blocks = __webpack_require__(3578);
// EXTERNAL MODULE: ./src/text/untrusted.ts
var untrusted = __webpack_require__(9209);
;// CONCATENATED MODULE: ./src/notify/escape.ts
/**
 * Untrusted text (target names, breach texts, what servers said) on its way into each channel's own
 * markup. Every function first makes the text plain (no control, bidi or zero-width characters, one
 * line) and bounds it; each then neutralises what its format would turn into a mention, a link or
 * formatting. A zero-width space inside a token is what stops the mention parsers, as on GitHub.
 */

const ZW = '\u200B';
const bounded = (text, max) => (0,untrusted/* truncate */.xv)((0,untrusted/* plain */.pj)(text), max);
/**
 * Slack mrkdwn: `&`, `<` and `>` are the three characters Slack asks to escape (so `<!channel>`,
 * `<@U123>`, `<#C1>` and `<https://x|text>` stay text); `@channel`, `@here` and `@everyone` written
 * bare get a zero-width space; `*`, `_`, `~` and backticks (bold, italic, strike, code) and `:emoji:`
 * get one too, since mrkdwn has no backslash escape.
 */
function slackMrkdwn(text, max = 300) {
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
function slackPlain(text, max = 150) {
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
function discordMarkdown(text, max = 300) {
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
function teamsMarkdown(text, max = 300) {
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
function fitted(render, text, max) {
    for (let m = max; m > 0; m = Math.floor(m * 0.8)) {
        const out = render(text, m);
        if (out.length <= max)
            return out;
    }
    return '';
}
/** The generic webhook's JSON: plain and bounded; the receiver escapes for wherever it shows it. */
function jsonText(text, max = 300) {
    return bounded(text, max);
}

;// CONCATENATED MODULE: ./src/notify/message.ts
const KIND_ICON = {
    opened: '🔴',
    reopened: '🔴',
    escalated: '🔴',
    recovered: '✅',
    reminder: '⏰',
};
/** 95 min → "1 h 35 min"; under a minute → "under a minute". */
function duration(ms) {
    if (ms === null)
        return null;
    const minutes = Math.round(ms / 60_000);
    if (minutes < 1)
        return 'under a minute';
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const rest = minutes % 60;
    return [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : '']
        .filter(Boolean)
        .join(' ');
}
/** The headline's words after the target's name (the name is escaped by each channel). */
function headlineTail(n) {
    const took = duration(n.durationMs);
    switch (n.kind) {
        case 'opened':
            return `is ${n.status}`;
        case 'reopened':
            return `is ${n.status} again (issue reopened)`;
        case 'escalated':
            return `went from ${n.from ?? 'degraded'} to ${n.status}`;
        case 'recovered':
            return took ? `recovered after ${took}` : 'recovered';
        case 'reminder':
            return took ? `is still ${n.status} (for ${took})` : `is still ${n.status}`;
    }
}
function errorsOf(target) {
    const seen = new Set();
    for (const c of target.checks)
        if (c.error && seen.size < 3)
            seen.add(`${c.category}: ${c.error}`);
    return [...seen];
}
function noticeOf(t, report, run, statusPageUrl) {
    const target = report.targets.find((x) => x.name === t.target);
    return {
        kind: t.kind,
        target: t.target,
        model: target?.model ?? '',
        status: t.status,
        from: t.from,
        reasons: t.kind === 'recovered' ? [] : (target?.verdict.breaches.map((b) => b.text) ?? []).slice(0, 10),
        errors: t.kind === 'recovered' || !target ? [] : errorsOf(target),
        startedAt: t.startedAt,
        endedAt: t.endedAt,
        durationMs: t.durationMs,
        runUrl: report.run.url,
        issue: t.issue,
        statusPageUrl,
        repository: report.run.repository,
        at: t.at,
        deliveryId: `${run}:${t.kind}:${Buffer.from(t.target).toString('base64url')}`,
    };
}

;// CONCATENATED MODULE: ./src/notify/channels.ts



const when = (iso) => iso
    ? iso
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
        .replace(/Z$/, ' UTC')
    : null;
/** The facts every channel shows, as label and trusted-or-escaped value. */
function facts(n, esc) {
    const out = [
        ['Target', esc(n.target, 100)],
        ['Model', esc(n.model, 100)],
        ['Status', `${blocks/* STATUS_ICON */.tW[n.status]} ${n.status}`],
    ];
    if (n.startedAt)
        out.push(['Since', when(n.startedAt)]);
    const took = duration(n.durationMs);
    if (took)
        out.push([n.kind === 'recovered' ? 'Lasted' : 'Down for', took]);
    return out;
}
function slackMessage(n) {
    const title = `${KIND_ICON[n.kind]} ${n.target} ${headlineTail(n)}`;
    const blocks = [
        { type: 'header', text: { type: 'plain_text', text: fitted(slackPlain, title, 150), emoji: true } },
        {
            type: 'section',
            fields: facts(n, (t, max = 100) => fitted(slackMrkdwn, t, max)).map(([k, v]) => ({
                type: 'mrkdwn',
                text: `*${k}*\n${v}`,
            })),
        },
    ];
    if (n.reasons.length > 0)
        blocks.push({
            type: 'section',
            text: { type: 'mrkdwn', text: n.reasons.map((r) => `• ${fitted(slackMrkdwn, r, 290)}`).join('\n') },
        });
    if (n.errors.length > 0)
        blocks.push({
            type: 'context',
            elements: n.errors.map((e) => ({
                type: 'plain_text',
                text: fitted(slackPlain, e, 300),
                emoji: false,
            })),
        });
    const links = [
        n.runUrl && `<${n.runUrl}|Workflow run>`,
        n.issue && `<${n.issue.url}|Issue #${n.issue.number}>`,
        n.statusPageUrl && `<${n.statusPageUrl}|Status page>`,
    ].filter(Boolean);
    if (links.length > 0)
        blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links.join(' · ') }] });
    return { text: slackMrkdwn(title, 300), blocks, unfurl_links: false, unfurl_media: false };
}
// ---- Discord ----
/** Discord's embed limits (developer docs, "Embed Limits"). */
const DISCORD_LIMITS = {
    title: 256,
    description: 4096,
    fields: 25,
    fieldName: 256,
    fieldValue: 1024,
    footer: 2048,
    total: 6000,
};
const DISCORD_COLOUR = { up: 0x2eb67d, degraded: 0xecb22e, down: 0xe01e5a };
function discordMessage(n) {
    const lines = [
        ...n.reasons.map((r) => `• ${discordMarkdown(r, 300)}`),
        ...n.errors.map((e) => `> ${discordMarkdown(e, 300)}`),
    ];
    const links = [
        n.runUrl && `[Workflow run](${n.runUrl})`,
        n.issue && `[Issue #${n.issue.number}](${n.issue.url})`,
        n.statusPageUrl && `[Status page](${n.statusPageUrl})`,
    ].filter(Boolean);
    if (links.length > 0)
        lines.push(links.join(' · '));
    return {
        username: 'llm-heartbeat',
        allowed_mentions: { parse: [] },
        embeds: [
            {
                title: `${KIND_ICON[n.kind]} ${discordMarkdown(n.target, 100)} ${headlineTail(n)}`.slice(0, DISCORD_LIMITS.title),
                description: lines.join('\n').slice(0, 3500),
                color: DISCORD_COLOUR[n.status] ?? 0x888888,
                ...(n.issue ? { url: n.issue.url } : n.runUrl ? { url: n.runUrl } : {}),
                fields: facts(n, discordMarkdown).map(([name, value]) => ({
                    name,
                    value: value || '–',
                    inline: true,
                })),
                footer: { text: 'llm-heartbeat' },
                timestamp: n.at,
            },
        ],
    };
}
// ---- Teams ----
function teamsMessage(n) {
    const body = [
        {
            type: 'TextBlock',
            text: `${KIND_ICON[n.kind]} ${teamsMarkdown(n.target, 100)} ${headlineTail(n)}`,
            weight: 'Bolder',
            size: 'Medium',
            wrap: true,
        },
        { type: 'FactSet', facts: facts(n, teamsMarkdown).map(([title, value]) => ({ title, value })) },
    ];
    for (const r of n.reasons)
        body.push({ type: 'TextBlock', text: `• ${teamsMarkdown(r, 300)}`, wrap: true });
    for (const e of n.errors)
        body.push({ type: 'TextBlock', text: teamsMarkdown(e, 300), wrap: true, isSubtle: true, size: 'Small' });
    const actions = [
        n.runUrl && { type: 'Action.OpenUrl', title: 'Workflow run', url: n.runUrl },
        n.issue && { type: 'Action.OpenUrl', title: `Issue #${n.issue.number}`, url: n.issue.url },
        n.statusPageUrl && { type: 'Action.OpenUrl', title: 'Status page', url: n.statusPageUrl },
    ].filter(Boolean);
    return {
        type: 'message',
        attachments: [
            {
                contentType: 'application/vnd.microsoft.card.adaptive',
                contentUrl: null,
                content: {
                    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
                    type: 'AdaptiveCard',
                    version: '1.5',
                    body,
                    ...(actions.length > 0 ? { actions } : {}),
                    msteams: { width: 'Full' },
                },
            },
        ],
    };
}
// ---- the generic webhook ----
const WEBHOOK_SCHEMA_ID = 'https://github.com/llm-heartbeat/llm-heartbeat/docs/webhook-payload.schema.json';
function webhookPayload(n, version) {
    return {
        schema: 'llm-heartbeat.notification.v1',
        deliveryId: n.deliveryId,
        event: n.kind,
        sentAt: n.at,
        repository: n.repository,
        target: { name: jsonText(n.target, 500), model: jsonText(n.model, 500) },
        status: n.status,
        previousStatus: n.from,
        reasons: n.reasons.map((r) => jsonText(r, 2000)),
        errors: n.errors.map((e) => jsonText(e, 2000)),
        outage: {
            startedAt: n.startedAt,
            endedAt: n.endedAt,
            durationSeconds: n.durationMs === null ? null : Math.round(n.durationMs / 1000),
        },
        links: { run: n.runUrl, issue: n.issue?.url ?? null, statusPage: n.statusPageUrl },
        issue: n.issue,
        tool: { name: 'llm-heartbeat', version },
    };
}

;// CONCATENATED MODULE: ./src/notify/send.ts
/**
 * Delivering one message to one channel: a POST with a deadline, a small number of tries, and every
 * fault turned into a sentence with no URL in it (webhook URLs are credentials). A 429 waits as its
 * Retry-After asks (capped); a 5xx or a refused connection is tried again. A timeout or a connection
 * lost after the request went out is tried again only where the far end can tell a repeat (the generic
 * webhook's Idempotency-Key): Slack, Discord and Teams webhooks cannot, and a second message is worse
 * than a missing one (the issue still has it).
 */

const SEND_DEFAULTS = {
    timeoutMs: 10_000,
    tries: 3,
    backoffMs: 500,
    maxWaitMs: 30_000,
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
function retryAfterMs(value, now = Date.now()) {
    if (!value)
        return null;
    if (/^\d+(\.\d+)?$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const at = Date.parse(value);
    return Number.isNaN(at) ? null : Math.max(0, at - now);
}
/** Connection faults that happen before the request is out: nothing reached the far end. */
const NOT_SENT = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'CERT_HAS_EXPIRED',
]);
function causeCode(err) {
    const cause = err.cause;
    return typeof cause?.code === 'string' ? cause.code : '';
}
async function deliver(d, options) {
    const doFetch = options.fetch ?? fetch;
    const clean = (text) => (0,untrusted/* redact */.E$)(text, options.secrets).slice(0, 300);
    let lastError = 'not sent';
    for (let attempt = 1; attempt <= options.tries; attempt++) {
        let wait = options.backoffMs * 2 ** (attempt - 1);
        try {
            const response = await doFetch(d.url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'user-agent': 'llm-heartbeat', ...d.headers },
                body: d.body,
                redirect: 'manual',
                signal: AbortSignal.timeout(options.timeoutMs),
            });
            const text = (await response.text().catch(() => '')).slice(0, 2000);
            if (response.ok)
                return { ok: true, tries: attempt, error: null };
            lastError = `HTTP ${response.status}${text ? `: ${clean(text.replace(/\s+/g, ' ').trim())}` : ''}`;
            if (response.status === 429) {
                wait = retryAfterMs(response.headers.get('retry-after')) ?? wait;
                if (wait > options.maxWaitMs)
                    return {
                        ok: false,
                        tries: attempt,
                        error: `${lastError} (asked to wait ${Math.ceil(wait / 1000)} s: given up)`,
                    };
            }
            else if (response.status < 500) {
                // 3xx (no redirect is followed: it would carry the body elsewhere) and 4xx: a repeat would fail alike.
                return { ok: false, tries: attempt, error: lastError };
            }
        }
        catch (err) {
            const timedOut = err.name === 'TimeoutError';
            const code = causeCode(err);
            lastError = timedOut
                ? `no answer within ${options.timeoutMs / 1000} s`
                : `connection failed${code ? ` (${code})` : ''}`;
            // The request may have arrived: repeat it only where the far end drops repeats.
            if (!d.idempotent && !NOT_SENT.has(code))
                return {
                    ok: false,
                    tries: attempt,
                    error: `${lastError}; not tried again, as a repeat could post twice`,
                };
        }
        if (attempt < options.tries)
            await sleep(Math.min(wait, options.maxWaitMs));
    }
    return { ok: false, tries: options.tries, error: lastError };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/notify/signature.ts
/**
 * The generic webhook's signature, as GitHub signs its own (X-Hub-Signature-256) plus a timestamp
 * against replay: HMAC-SHA256, keyed with webhook-secret, over `<timestamp>.<raw body>`, sent as
 * `X-Llm-Heartbeat-Signature-256: sha256=<hex>` with `X-Llm-Heartbeat-Timestamp: <unix seconds>`.
 * A receiver recomputes it over the bytes it received, compares in constant time, and rejects a
 * timestamp more than five minutes from its clock (and a delivery id it has seen).
 */

const SIGNATURE_HEADER = 'X-Llm-Heartbeat-Signature-256';
const TIMESTAMP_HEADER = 'X-Llm-Heartbeat-Timestamp';
const DELIVERY_HEADER = 'X-Llm-Heartbeat-Delivery';
const EVENT_HEADER = 'X-Llm-Heartbeat-Event';
function signature(secret, timestamp, body) {
    return `sha256=${(0,external_node_crypto_.createHmac)('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
/** The receiver's side, as documented; exported for the README's example and the tests. */
function verifySignature(secret, header, timestamp, rawBody, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300) {
    if (!header || !timestamp || !/^\d+$/.test(timestamp))
        return false;
    if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds)
        return false;
    const expected = Buffer.from(signature(secret, Number(timestamp), rawBody));
    const given = Buffer.from(header);
    return expected.length === given.length && timingSafeEqual(expected, given);
}

;// CONCATENATED MODULE: ./src/notify/index.ts




function channelsOf(notify) {
    return ['slack', 'discord', 'teams', 'webhook'].filter((c) => notify[c] !== null);
}
/** The transitions that notify: those notify-on names, and reminders when notify-reminder is set. */
function wanted(notify, transitions) {
    return transitions.filter((t) => t.kind === 'reminder' ? notify.reminderHours !== null : notify.on.includes(t.kind));
}
function deliveryFor(channel, url, n, run) {
    if (channel === 'webhook') {
        const body = JSON.stringify(webhookPayload(n, run.version));
        const timestamp = Math.floor(Date.now() / 1000);
        const headers = {
            'Idempotency-Key': n.deliveryId,
            [DELIVERY_HEADER]: n.deliveryId,
            [EVENT_HEADER]: n.kind,
            [TIMESTAMP_HEADER]: String(timestamp),
        };
        if (run.notify.webhookSecret)
            headers[SIGNATURE_HEADER] = signature(run.notify.webhookSecret, timestamp, body);
        return { channel, url, body, headers, idempotent: true };
    }
    const message = channel === 'slack' ? slackMessage(n) : channel === 'discord' ? discordMessage(n) : teamsMessage(n);
    return { channel, url, body: JSON.stringify(message), headers: {}, idempotent: false };
}
const CHANNEL_TITLE = {
    slack: 'Slack',
    discord: 'Discord',
    teams: 'Teams',
    webhook: 'Webhook',
};
async function sendNotifications(run) {
    const channels = channelsOf(run.notify);
    const transitions = wanted(run.notify, run.transitions);
    if (channels.length === 0 || transitions.length === 0)
        return { sent: [], warnings: [] };
    const runKey = `${run.report.run.runId ?? 'local'}-${run.report.run.runAttempt ?? 1}`;
    const notices = transitions.map((t) => noticeOf(t, run.report, runKey, run.statusPageUrl ?? null));
    const options = { ...SEND_DEFAULTS, ...run.send, secrets: run.secrets };
    const sent = [];
    const warnings = [];
    // Channels in parallel; within one channel, messages in order (opened before a later reminder).
    await Promise.all(channels.map(async (channel) => {
        for (const n of notices) {
            const result = await deliver(deliveryFor(channel, run.notify[channel], n, run), options);
            const what = `${CHANNEL_TITLE[channel]} notification (${n.kind}) of "${n.target}"`;
            if (result.ok)
                sent.push(`${what} sent`);
            else
                warnings.push(`${what} not sent after ${result.tries} tr${result.tries === 1 ? 'y' : 'ies'}: ${result.error}`);
        }
    }));
    return { sent, warnings };
}


/***/ })

};
