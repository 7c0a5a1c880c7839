export const id = 391;
export const ids = [391,949];
export const modules = {

/***/ 6545:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ transitionOf)
/* harmony export */ });
/* unused harmony export reminderDue */
/* harmony import */ var _status_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5565);
/* harmony import */ var _tracker_marker_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4935);


const elapsed = (from, to) => Math.max(0, Date.parse(to) - Date.parse(from));
/**
 * Whether a reminder is due: each time an open outage has lasted another whole `hours` since it
 * started, the first run past that mark reminds, once (the previous run, seen in the state's
 * lastSeenAt, was before the mark). No extra state to keep, so a missed run cannot remind twice.
 */
function reminderDue(startedAt, previousRunAt, now, hours) {
    const period = hours * 3_600_000;
    const marks = (at) => Math.floor((at - Date.parse(startedAt)) / period);
    const nowMarks = marks(now.getTime());
    return nowMarks >= 1 && nowMarks > marks(Date.parse(previousRunAt));
}
/** The change a carried-out plan made, if it is one that notifies; null otherwise. */
function transitionOf(plan, open, view, reminderHours, issue) {
    const at = view.now.toISOString();
    const status = view.target.status;
    const base = {
        target: view.target.name,
        status,
        at,
        issue: issue.number !== null && issue.url !== null ? { number: issue.number, url: issue.url } : null,
    };
    if (plan.action === 'opened' || plan.action === 'reopened') {
        const state = (0,_tracker_marker_js__WEBPACK_IMPORTED_MODULE_1__/* .stateOfBody */ .hb)(plan.action === 'opened' ? plan.body : plan.edit.body);
        const startedAt = state?.startedAt ?? at;
        return {
            ...base,
            kind: plan.action,
            from: null,
            startedAt,
            endedAt: null,
            durationMs: elapsed(startedAt, at),
        };
    }
    if (plan.action === 'closed') {
        const state = (0,_tracker_marker_js__WEBPACK_IMPORTED_MODULE_1__/* .stateOfBody */ .hb)(plan.edit.body);
        const startedAt = state?.startedAt ?? open?.createdAt ?? null;
        const endedAt = state?.healthySince ?? at;
        const previous = (0,_tracker_marker_js__WEBPACK_IMPORTED_MODULE_1__/* .stateOfBody */ .hb)(open?.body);
        return {
            ...base,
            kind: 'recovered',
            from: previous ? lastBreached(previous.lastStatus) : null,
            startedAt,
            endedAt,
            durationMs: startedAt ? elapsed(startedAt, endedAt) : null,
        };
    }
    if (plan.action !== 'updated' || !open)
        return null;
    const previous = (0,_tracker_marker_js__WEBPACK_IMPORTED_MODULE_1__/* .stateOfBody */ .hb)(open.body);
    const now = (0,_tracker_marker_js__WEBPACK_IMPORTED_MODULE_1__/* .stateOfBody */ .hb)(plan.edit.body);
    if (!previous || !now || now.healthyStreak > 0)
        return null;
    const soFar = { startedAt: previous.startedAt, endedAt: null, durationMs: elapsed(previous.startedAt, at) };
    if (previous.lastStatus === 'degraded' && status === 'down')
        return { ...base, ...soFar, kind: 'escalated', from: 'degraded' };
    if (reminderHours !== null && reminderDue(previous.startedAt, previous.lastSeenAt, view.now, reminderHours))
        return { ...base, ...soFar, kind: 'reminder', from: null };
    return null;
}
/** The status the outage ended on; null when the issue was already recovering (its last status is up). */
function lastBreached(status) {
    return (0,_status_js__WEBPACK_IMPORTED_MODULE_0__/* .severity */ .yf)(status) > 0 ? status : null;
}


/***/ }),

/***/ 1246:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EM: () => (/* binding */ changeComment),
/* harmony export */   F7: () => (/* binding */ breachedStatus),
/* harmony export */   He: () => (/* binding */ stampText),
/* harmony export */   O6: () => (/* binding */ boundText),
/* harmony export */   X5: () => (/* binding */ stateIssueBody),
/* harmony export */   al: () => (/* binding */ issueTitle),
/* harmony export */   g5: () => (/* binding */ detailsOfBody),
/* harmony export */   gn: () => (/* binding */ outageDetails),
/* harmony export */   j8: () => (/* binding */ duplicateComment),
/* harmony export */   n_: () => (/* binding */ recoveryComment),
/* harmony export */   rb: () => (/* binding */ COMPACT_BODY_BUDGET),
/* harmony export */   tU: () => (/* binding */ reopenComment),
/* harmony export */   vu: () => (/* binding */ STATE_ISSUE_TITLE),
/* harmony export */   y6: () => (/* binding */ issueBody)
/* harmony export */ });
/* unused harmony exports GITHUB_BODY_LIMIT, BODY_BUDGET, utcTime, formatDuration, retirementLine */
/* harmony import */ var _probe_classify_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7530);
/* harmony import */ var _report_blocks_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3578);
/* harmony import */ var _report_markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4285);
/* harmony import */ var _text_untrusted_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9209);
/* harmony import */ var _marker_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4935);
/**
 * What a tracking issue says: its title, its body and its comments. Pure text. Every text that came
 * from a server is redacted here and escaped by the shared helpers of src/markdown.ts, and every body
 * is bounded well under GitHub's 65,536-character limit.
 */





/** GitHub refuses issue and comment bodies longer than this. */
const GITHUB_BODY_LIMIT = 65_536;
/** What the tracker allows itself: room to spare under GitHub's limit. */
const BODY_BUDGET = 60_000;
/** After GitHub still says "too long" (it may count differently), the one retry uses this. */
const COMPACT_BODY_BUDGET = 20_000;
const DETAILS_START = '<!-- llm-heartbeat:details -->';
const DETAILS_END = '<!-- /llm-heartbeat:details -->';
/** The status an issue speaks of: a breached one (`up` only reaches here through a stale state). */
function breachedStatus(status) {
    return status === 'up' ? 'down' : status;
}
function issueTitle(name, status) {
    // Titles are plain text up to 256 characters; the name comes from the workflow, not a server.
    return `${_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .STATUS_ICON */ .tW[status]} ${(0,_text_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .truncate */ .xv)((0,_text_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .plain */ .pj)(name), 200)} is ${status}`;
}
/** `2026-05-01 10:04 UTC`: minutes are enough for an outage timeline. */
function utcTime(iso) {
    return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
/** `45 s`, `12 min`, `2 h 5 min`, `3 d 4 h`: rounded the way a person would say it. */
function formatDuration(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 60)
        return `${seconds} s`;
    const minutes = Math.round(seconds / 60);
    if (minutes < 60)
        return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    if (hours < 24)
        return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
    const days = Math.floor(hours / 24);
    return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}
/** Cuts text to `max` characters at a line end, saying so; keeps the hidden marker and state at the top. */
function boundText(text, max) {
    if (text.length <= max)
        return text;
    const note = '\n\n… cut to fit GitHub’s size limit: the full figures are in the JSON report.';
    const room = text.slice(0, Math.max(0, max - note.length));
    const lineEnd = room.lastIndexOf('\n');
    return `${lineEnd > 0 ? room.slice(0, lineEnd) : room}${note}`;
}
/**
 * A body or comment with the run's hidden stamp (marker.ts's runMarker) on its last line, after any
 * cutting to size, so the stamp is never cut off; the text people read is unchanged.
 */
function stampText(text, stamp) {
    return `${text.replace(/\n+$/, '')}\n\n${stamp}\n`;
}
const runLink = (url) => url ? `[workflow run](${url})` : 'a run outside GitHub Actions';
const redactNullable = (text) => (text === null ? null : (0,_text_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(text));
/**
 * The target with every server-sent text redacted before it is rendered: issue bodies are not masked
 * by the runner the way logs are. Escaping is left to the shared renderers.
 */
function redacted(target) {
    const check = (c) => ({
        ...c,
        error: redactNullable(c.error),
        errorCode: redactNullable(c.errorCode),
        model: redactNullable(c.model),
        systemFingerprint: redactNullable(c.systemFingerprint),
        requestId: redactNullable(c.requestId),
        retryAfter: redactNullable(c.retryAfter),
        reply: redactNullable(c.reply),
    });
    const stats = {
        ...target.stats,
        identities: target.stats.identities.map((id) => ({
            ...id,
            model: redactNullable(id.model),
            systemFingerprint: redactNullable(id.systemFingerprint),
        })),
    };
    return { ...target, checks: target.checks.map(check), stats };
}
// --- Retirement: a model the provider answers as missing may have been retired, not misspelled. ---
/** The line an issue gets when a check was answered "model not found"; null when none was. */
function retirementLine(target) {
    const gone = target.checks.filter((c) => c.error?.startsWith(_probe_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .MODEL_GONE */ .eG)).length;
    if (gone === 0)
        return null;
    return `- 🪦 ${gone} of ${target.checks.length} checks were answered "model not found": the provider may have retired ${(0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .codeSpan */ .S)(target.model, 80)} (look for it on its deprecations page), or the name is misspelled.`;
}
// --- end of retirement ---
function breachList(target) {
    const retirement = retirementLine(target);
    const lines = [
        ...target.verdict.breaches.map((b) => `- ❌ ${(0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInline */ .V)(b.text, 300)}`),
        ...(retirement === null ? [] : [retirement]),
        ...target.verdict.notes.map((n) => `- ℹ️ ${(0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInline */ .V)(n, 300)}`),
    ];
    // A slow target: say what kind of slow it is, from its phases.
    const slow = target.verdict.breaches.some((b) => b.kind === 'latency' || b.kind === 'ttft');
    const went = slow ? (0,_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .timeWentLine */ .e8)(target.stats) : '';
    if (went)
        lines.push(`- ⏱️ ${went.charAt(0).toUpperCase()}${went.slice(1)}.`);
    return lines.join('\n');
}
/** The figures of one run: the table, the outcomes and the models seen. */
function runFigures(view, withErrors) {
    const target = redacted(view.target);
    const parts = [
        (0,_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .figures */ .u5)(target, view.stream),
        `Outcomes: ${(0,_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .categoryLine */ .$c)(target.stats) || 'no checks'}`,
        (0,_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .identities */ .tT)(target),
    ];
    if (withErrors)
        parts.push((0,_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .sampleErrors */ .W2)(target));
    return parts.filter((p) => p !== '');
}
/** The part of the body that describes the latest breached run; kept as it was while the target recovers. */
function outageDetails(view) {
    const t = view.target;
    const header = [
        `### Latest run that saw it ${t.status}`,
        `${utcTime(view.now.toISOString())} · ${runLink(view.runUrl)} · ${(0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .codeSpan */ .S)(t.model, 80)} at ${(0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .codeSpan */ .S)(t.baseUrl, 120)}`,
    ];
    return [DETAILS_START, ...header, breachList(view.target), ...runFigures(view, true), DETAILS_END]
        .filter((p) => p !== '')
        .join('\n\n');
}
/** The details section an earlier run wrote into the body; null when a person removed it. */
function detailsOfBody(body) {
    const start = body?.indexOf(DETAILS_START) ?? -1;
    const end = body?.indexOf(DETAILS_END, start) ?? -1;
    return body && start >= 0 && end > start ? body.slice(start, end + DETAILS_END.length) : null;
}
const MISSING_DETAILS = `${DETAILS_START}\n\n_The figures of the outage are no longer in this body (it was edited)._\n\n${DETAILS_END}`;
/** Where the outage is taken to have ended: the first run that saw the target healthy again. */
const outageEnd = (state) => state.healthySince ?? state.lastSeenAt;
const outageLength = (state) => formatDuration(Date.parse(outageEnd(state)) - Date.parse(state.startedAt));
function headline(name, state, phase, closeAfter) {
    const who = (0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInline */ .V)(name, 80);
    if (phase === 'resolved')
        return [`## ✅ ${who} recovered after about ${outageLength(state)}`];
    if (phase === 'recovering') {
        return [
            `## 🟢 ${who} looks healthy again`,
            `Healthy in ${state.healthyStreak} run(s) in a row since ${utcTime(outageEnd(state))}; the issue closes after ${closeAfter} (\`close-after\`).`,
        ];
    }
    const status = breachedStatus(state.lastStatus);
    return [`## ${_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .STATUS_ICON */ .tW[status]} ${who} is ${status}`];
}
function timeline(state) {
    const lines = [
        `- **First seen:** ${utcTime(state.startedAt)}, ${runLink(state.firstRunUrl)}`,
        `- **Last seen:** ${utcTime(state.lastSeenAt)}, ${runLink(state.lastRunUrl)}`,
        `- **Runs that saw it:** ${state.runsSeenDown}`,
        `- **Failure categories:** ${state.categories.map((c) => `\`${c}\``).join(', ') || 'none (thresholds only)'}`,
    ];
    if (state.outages > 1)
        lines.push(`- **Outages tracked in this issue:** ${state.outages}`);
    return lines.join('\n');
}
function footer(closeAfter, labels) {
    const label = labels[0] ?? 'llm-outage';
    return (`<sub>Kept by llm-heartbeat: it updates this body while the outage lasts, comments only when something ` +
        `changes, and closes the issue after ${closeAfter} healthy run(s) in a row. It finds the issue again by ` +
        `the label ${(0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .codeSpan */ .S)(label, 50)} and a hidden marker in this body: keep both. ` +
        `Server text is escaped and redacted.</sub>`);
}
function issueBody(input, budget = BODY_BUDGET) {
    const text = [
        (0,_marker_js__WEBPACK_IMPORTED_MODULE_4__/* .targetMarker */ .yT)(input.name),
        (0,_marker_js__WEBPACK_IMPORTED_MODULE_4__/* .stateBlock */ .ji)(input.state),
        ...headline(input.name, input.state, input.phase, input.closeAfter),
        timeline(input.state),
        input.details ?? MISSING_DETAILS,
        footer(input.closeAfter, input.labels),
    ].join('\n\n');
    return boundText(`${text}\n`, budget);
}
function changeComment(view, change) {
    const name = (0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInline */ .V)(view.target.name, 80);
    const what = [];
    if (change.from !== change.to) {
        what.push(change.from === 'up'
            ? `${name} is ${_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .STATUS_ICON */ .tW[change.to]} ${change.to} again before the issue could close`
            : `${name} went from ${_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .STATUS_ICON */ .tW[change.from]} ${change.from} to ${_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .STATUS_ICON */ .tW[change.to]} ${change.to}`);
    }
    if (change.newCategories.length > 0) {
        const list = change.newCategories.map((c) => `\`${c}\``).join(', ');
        what.push(`new failure ${change.newCategories.length > 1 ? 'categories' : 'category'} ${list}`);
    }
    const text = [
        `${_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .STATUS_ICON */ .tW[breachedStatus(view.target.status)]} **Changed:** ${what.join(' · ')} — ${runLink(view.runUrl)}`,
        breachList(view.target),
        ...runFigures(view, true),
    ];
    return boundText(text.filter((p) => p !== '').join('\n\n'), BODY_BUDGET);
}
function recoveryComment(view, state, issueOn) {
    const name = (0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInline */ .V)(view.target.name, 80);
    const now = view.target.status === 'up'
        ? `${name} is up again`
        : `${name} is no longer ${issueOn}: it is ${_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .STATUS_ICON */ .tW[view.target.status]} ${view.target.status} now, which does not reach \`issue-on: ${issueOn}\``;
    const text = [
        `🟢 **Recovered:** ${now}. The outage lasted about **${outageLength(state)}**: first seen ${utcTime(state.startedAt)}, ` +
            `healthy again ${utcTime(outageEnd(state))}, seen in ${state.runsSeenDown} run(s). ` +
            `Closing after ${state.healthyStreak} healthy run(s) in a row — ${runLink(view.runUrl)}.`,
        '**Figures now**',
        ...runFigures(view, false),
    ];
    return boundText(text.join('\n\n'), BODY_BUDGET);
}
function reopenComment(view, closedAt, reopenWindowHours) {
    const status = breachedStatus(view.target.status);
    const since = formatDuration(view.now.getTime() - Date.parse(closedAt));
    const text = [
        `${_report_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .STATUS_ICON */ .tW[status]} **${status === 'down' ? 'Down' : 'Degraded'} again:** ${(0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInline */ .V)(view.target.name, 80)} is ${status} ` +
            `${since} after this issue was closed, so it is reopened rather than a new one opened ` +
            `(\`reopen-window: ${reopenWindowHours}\` hours) — ${runLink(view.runUrl)}.`,
        breachList(view.target),
        ...runFigures(view, true),
    ];
    return boundText(text.filter((p) => p !== '').join('\n\n'), BODY_BUDGET);
}
function duplicateComment(keptNumber) {
    return (`Closing as a duplicate of #${keptNumber}: llm-heartbeat keeps one issue per target, and this one was ` +
        `opened by an overlapping run. A \`concurrency\` group on the workflow keeps runs from overlapping.`);
}
// ---- the state issue: the pending streaks, kept between runs while open-after is not reached ----
const STATE_ISSUE_TITLE = 'llm-heartbeat: pending outage streaks (closed on purpose)';
function stateIssueBody(streaks) {
    const rows = Object.entries(streaks).flatMap(([label, targets]) => Object.entries(targets).map(([name, streak]) => `| ${(0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .codeSpan */ .S)(label, 50)} | ${(0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInline */ .V)(name, 80)} | ${streak.runs} | ${utcTime(streak.since)} |`));
    const table = rows.length === 0
        ? '_No target is waiting: none is breached, or each breached one has its tracking issue._'
        : ['| first label | target | breached runs in a row | since |', '|---|---|---|---|', ...rows].join('\n');
    return [
        (0,_marker_js__WEBPACK_IMPORTED_MODULE_4__/* .pendingBlock */ .lo)(streaks),
        '**Kept by llm-heartbeat: do not edit; closed on purpose.**',
        'With `open-after` above 1, a tracking issue opens only after that many breached runs in a row. ' +
            'Each run starts from nothing, so the runs counted so far for targets without a tracking issue are ' +
            'kept in a hidden block at the top of this body. It was created closed, so it notified watchers once, ' +
            'and it is edited (which notifies no one) only when a count changes. If it is deleted or its block ' +
            'is broken, the counts start over and a warning says so; nothing else is lost.',
        table,
    ].join('\n\n');
}


/***/ }),

/***/ 2041:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rs: () => (/* binding */ pastDeadline),
/* harmony export */   Zh: () => (/* binding */ bodyTooLong),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   dZ: () => (/* binding */ describeGitHubError),
/* harmony export */   dk: () => (/* binding */ mayHaveHappened),
/* harmony export */   jF: () => (/* binding */ assigneesRefused),
/* harmony export */   k0: () => (/* binding */ gitHubErrorKind),
/* harmony export */   pY: () => (/* binding */ stepWarning),
/* harmony export */   zg: () => (/* binding */ StepError)
/* harmony export */ });
/* harmony import */ var _text_untrusted_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9209);
/* harmony import */ var _octokit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1949);
/**
 * What a failed GitHub request means, as pure functions of the error Octokit threw (its status, message
 * and response headers): which kind of fault it is, whether the tracker can recover from it (a shorter
 * body, no assignees, a look before creating again), and the warning a workflow author can act on.
 */


/** A failed request, tagged with what the tracker was doing, for the warning. */
class StepError extends Error {
    step;
    constructor(step, cause) {
        super(step, { cause });
        this.step = step;
    }
}
const failure = (err) => (err && typeof err === 'object' ? err : {});
/** The HTTP status GitHub answered; undefined when no answer came (or the error is not Octokit's). */
const statusOf = (err) => failure(err).status;
/** The field-level reasons of a 422, flattened to text. */
function validationErrors(err) {
    return JSON.stringify(failure(err).response?.data?.errors ?? []);
}
/** GitHub refused a body (or comment) as too long: worth sending once more, cut short. */
function bodyTooLong(err) {
    return statusOf(err) === 422 && /too long/i.test(`${failure(err).message} ${validationErrors(err)}`);
}
/** GitHub refused the issue-assignees (not collaborators, say): worth creating once more without them. */
function assigneesRefused(err) {
    return statusOf(err) === 422 && /assignee/i.test(validationErrors(err));
}
/** A 5xx or a lost connection may hide a create that went through. */
function mayHaveHappened(err) {
    const status = statusOf(err);
    return status === undefined || status >= 500;
}
/** The tracker's deadline ended the request (Octokit may have wrapped the abort as a 500). */
function pastDeadline(err) {
    const f = failure(err instanceof StepError ? err.cause : err);
    return [f.name, f.cause?.name].some((name) => name === 'AbortError' || name === 'TimeoutError');
}
/** GitHub's own message, plain and short: it is shown in warnings, and it is untrusted text. */
const saidBy = (err) => (0,_text_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .truncate */ .xv)((0,_text_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .plain */ .pj)(String(failure(err).message ?? err)), 200);
function gitHubErrorKind(err) {
    if (pastDeadline(err))
        return 'deadline';
    const { status, response } = failure(err);
    // A primary rate limit is a 403 too: GitHub says so in the message or in x-ratelimit-remaining.
    const rateLimited = status === 429 ||
        (status === 403 &&
            (/rate limit/i.test(saidBy(err)) || response?.headers?.['x-ratelimit-remaining'] === '0'));
    if (rateLimited)
        return 'rate-limit';
    switch (status) {
        case 401:
            return 'bad-token';
        case 403:
            return 'forbidden';
        case 404:
            return 'not-found';
        case 410:
            return 'issues-disabled';
        case 422:
            return 'refused';
        default:
            return status !== undefined && status >= 500 ? 'server' : 'other';
    }
}
/** A GitHub fault in words a workflow author can act on. GitHub's own message is shown plain and short. */
function describeGitHubError(err, repository) {
    const f = failure(err);
    const said = saidBy(err);
    const status = f.status;
    switch (gitHubErrorKind(err)) {
        case 'deadline':
            return `GitHub did not answer within the tracker's ${_octokit_js__WEBPACK_IMPORTED_MODULE_1__.TRACKER_DEADLINE_MS / 1000} s; the issue catches up on a later run.`;
        case 'rate-limit': {
            const retryAfter = f.response?.headers?.['retry-after'];
            const wait = retryAfter ? `, retry-after ${retryAfter} s` : '';
            return (`GitHub's API rate limit (${status}${wait}: ${said}). The tracker waits only for short limits ` +
                `(up to ${_octokit_js__WEBPACK_IMPORTED_MODULE_1__.MAX_WAIT_SECONDS} s, ${_octokit_js__WEBPACK_IMPORTED_MODULE_1__.MAX_WAITS_PER_RUN} times a run); the issue catches up on a later run.`);
        }
        case 'bad-token':
            return `GitHub rejected the token (401: ${said}): check github-token.`;
        case 'forbidden':
            return (`the token may not work with the issues of ${repository} (403: ${said}). Give the job ` +
                '`permissions: issues: write`, and keep github-token at its default or use a token that can write issues.');
        case 'not-found':
            return `GitHub answered 404 for ${repository}: the repository does not exist or the token cannot see it (check GITHUB_REPOSITORY and github-token).`;
        case 'issues-disabled':
            return `Issues are disabled for this repository (${repository}, 410: ${said}). Enable Issues in its settings, or set tracking-issue: false.`;
        case 'refused':
            return `GitHub refused the request (422: ${said} ${(0,_text_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .truncate */ .xv)(validationErrors(err), 300)}).`;
        case 'server':
            return `GitHub failed (${status}: ${said}) after ${_octokit_js__WEBPACK_IMPORTED_MODULE_1__.SERVER_ERROR_RETRIES} retries; the issue catches up on a later run.`;
        case 'other':
            return said;
    }
}
/**
 * The warning for a failure while tracking `subject`: what the tracker was doing (the StepError's step)
 * and what GitHub's answer means.
 */
function stepWarning(subject, err, repository) {
    const what = err instanceof StepError ? err.step : 'reach GitHub';
    const cause = err instanceof StepError ? err.cause : err;
    return `${subject}: could not ${what}: ${describeGitHubError(cause, repository)}`;
}


/***/ }),

/***/ 7122:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CL: () => (/* binding */ listLabelled),
/* harmony export */   PM: () => (/* binding */ step),
/* harmony export */   R8: () => (/* binding */ warn),
/* harmony export */   RX: () => (/* binding */ hasLabel),
/* harmony export */   c0: () => (/* binding */ foundIssue),
/* harmony export */   v7: () => (/* binding */ pause),
/* harmony export */   zU: () => (/* binding */ ensureLabel)
/* harmony export */ });
/* harmony import */ var _github_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2041);

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Runs one request (or several), tagging its failure with `what` unless an inner step tagged it already. */
async function step(what, run) {
    try {
        return await run();
    }
    catch (err) {
        throw err instanceof _github_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StepError */ .zg ? err : new _github_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StepError */ .zg(what, err);
    }
}
function warn(session, subject, err) {
    session.warnings.push((0,_github_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .stepWarning */ .pY)(subject, err, `${session.repo.owner}/${session.repo.repo}`));
}
function hasLabel(issue, label) {
    return issue.labels.some((l) => (typeof l === 'string' ? l : l.name)?.toLowerCase() === label.toLowerCase());
}
function foundIssue(issue) {
    return {
        number: issue.number,
        url: issue.html_url,
        title: issue.title,
        body: issue.body ?? null,
        createdAt: issue.created_at,
        closedAt: issue.closed_at,
        stateReason: issue.state_reason ?? null,
    };
}
/** The issues (not pull requests) that carry `label`, oldest first. */
async function listLabelled(session, label, state, since) {
    const issues = await session.octokit.paginate(session.octokit.rest.issues.listForRepo, {
        ...session.repo,
        labels: label,
        state,
        sort: 'created',
        direction: 'asc',
        per_page: 100,
        ...(since ? { since } : {}),
    });
    return issues.filter((issue) => !issue.pull_request && hasLabel(issue, label));
}
/** Creates a label that is missing; a failure is a warning (issues still get the label, without its colour). */
async function ensureLabel(session, subject, name, style) {
    const { octokit, repo } = session;
    try {
        await step(`look up the label "${name}"`, () => octokit.rest.issues.getLabel({ ...repo, name }));
    }
    catch (err) {
        if ((0,_github_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(err.cause) !== 404) {
            warn(session, subject, err);
            return;
        }
        try {
            await step(`create the label "${name}" (issues still get it, without its colour)`, () => octokit.rest.issues.createLabel({ ...repo, name, ...style }));
        }
        catch (createErr) {
            // Another run created it meanwhile: fine.
            if ((0,_github_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(createErr.cause) !== 422)
                warn(session, subject, createErr);
        }
    }
}


/***/ }),

/***/ 5960:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AQ: () => (/* binding */ sameStreaks),
/* harmony export */   DT: () => (/* binding */ isBreached),
/* harmony export */   F1: () => (/* binding */ opensThisRun),
/* harmony export */   Uv: () => (/* binding */ decideIssue),
/* harmony export */   _D: () => (/* binding */ pendingAfter),
/* harmony export */   cD: () => (/* binding */ streaksKept),
/* harmony export */   v_: () => (/* binding */ updatedStreaks)
/* harmony export */ });
/* unused harmony export PENDING_FORGOTTEN_AFTER_DAYS */
/* harmony import */ var _probe_result_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3017);
/* harmony import */ var _status_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5565);
/* harmony import */ var _body_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1246);
/* harmony import */ var _marker_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4935);




/** Whether a status reaches `issue-on`: only then does the target need an open issue. */
function isBreached(status, issueOn) {
    return (0,_status_js__WEBPACK_IMPORTED_MODULE_0__/* .severity */ .yf)(status) >= (0,_status_js__WEBPACK_IMPORTED_MODULE_0__/* .severity */ .yf)(issueOn);
}
/** The streak counted after this run; the first breached run starts it. */
function streakAfter(pending, view) {
    const now = view.now.toISOString();
    return {
        runs: (pending?.runs ?? 0) + 1,
        since: pending?.since ?? now,
        firstRunUrl: pending ? pending.firstRunUrl : view.runUrl,
        lastSeenAt: now,
    };
}
/** Whether a target without an open issue gets one (opened or reopened) this run. */
function opensThisRun(status, pending, tracking) {
    return isBreached(status, tracking.issueOn) && (pending?.runs ?? 0) + 1 >= tracking.openAfter;
}
/** The target's pending streak once the plan is carried out: an issue, open or not, ends it. */
function pendingAfter(plan) {
    return plan.action === 'none' ? plan.pending : null;
}
/** Streaks untouched this long belong to targets that left the workflow (a healthy run ends the others). */
const PENDING_FORGOTTEN_AFTER_DAYS = 7;
/**
 * The state issue's streaks after a run: this run's streak of each target it tracked under `namespace`
 * (its first label, lower case), the others as they were, minus those forgotten. `streaks` is the
 * freshest read, so a run changes only its own targets' entries: another workflow's (another label, or
 * other targets under the same label) are kept as that read has them. Labels and targets are keyed in
 * objects without a prototype, so `__proto__` and `constructor` are names like any other.
 */
function updatedStreaks(streaks, namespace, updates, now) {
    const oldest = now.getTime() - PENDING_FORGOTTEN_AFTER_DAYS * 86_400_000;
    const mine = (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .dict */ .jd)(Object.entries((0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .entryOf */ .Ms)(streaks, namespace) ?? {}));
    for (const [target, streak] of updates) {
        if (streak)
            (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .setEntry */ .RY)(mine, target, streak);
        else
            delete mine[target];
    }
    const merged = (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .dict */ .jd)(Object.entries(streaks));
    (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .setEntry */ .RY)(merged, namespace, mine);
    const kept = (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .dict */ .jd)();
    for (const [key, targets] of Object.entries(merged)) {
        const live = Object.entries(targets).filter(([, s]) => Date.parse(s.lastSeenAt) >= oldest);
        if (live.length > 0)
            (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .setEntry */ .RY)(kept, key, (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .dict */ .jd)(live));
    }
    return kept;
}
const sameStreak = (a, b) => a.runs === b.runs &&
    a.since === b.since &&
    a.firstRunUrl === b.firstRunUrl &&
    a.lastSeenAt === b.lastSeenAt;
/** The same labels, targets and streaks, in whatever order. */
function sameStreaks(a, b) {
    const labels = Object.keys(a);
    if (labels.length !== Object.keys(b).length)
        return false;
    return labels.every((label) => {
        const [x, y] = [(0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .entryOf */ .Ms)(a, label), (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .entryOf */ .Ms)(b, label)];
        if (!y || Object.keys(x).length !== Object.keys(y).length)
            return false;
        return Object.entries(x).every(([target, s]) => {
            const other = (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .entryOf */ .Ms)(y, target);
            return other !== undefined && sameStreak(s, other);
        });
    });
}
/**
 * Whether the streaks read back after a write still hold this run's updates: each of its targets as it
 * wrote it, or as a later run of the same target (same first label, same name: the same target, one
 * count) has written it since. Otherwise another writer overwrote the block from an older read, and
 * the run writes again.
 */
function streaksKept(streaks, namespace, updates, now) {
    const mine = (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .entryOf */ .Ms)(streaks, namespace);
    return [...updates].every(([target, streak]) => {
        const found = (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .entryOf */ .Ms)(mine, target);
        if (streak === null)
            return found === undefined || Date.parse(found.lastSeenAt) >= now.getTime();
        return (found !== undefined &&
            (sameStreak(found, streak) || Date.parse(found.lastSeenAt) >= Date.parse(streak.lastSeenAt)));
    });
}
function failureCategories(view) {
    return _probe_result_js__WEBPACK_IMPORTED_MODULE_3__/* .CATEGORIES */ .R.filter((c) => c !== 'ok' && view.target.stats.byCategory[c] > 0);
}
/** The state of an outage as its issue opens: it started with the first run of the streak. */
function freshState(view, streak, outages) {
    return {
        startedAt: streak.since,
        firstRunUrl: streak.firstRunUrl,
        lastSeenAt: streak.lastSeenAt,
        lastRunUrl: view.runUrl,
        runsSeenDown: streak.runs,
        healthyStreak: 0,
        healthySince: null,
        lastStatus: view.target.status,
        categories: failureCategories(view),
        outages,
    };
}
/** When a person broke the state block: what the issue itself still tells. */
function restoredState(issue, issueOn) {
    return {
        startedAt: issue.createdAt,
        firstRunUrl: null,
        lastSeenAt: issue.createdAt,
        lastRunUrl: null,
        runsSeenDown: 1,
        healthyStreak: 0,
        healthySince: null,
        lastStatus: issueOn,
        categories: [],
        outages: 1,
    };
}
function changeSince(previous, status, categories) {
    const newCategories = categories.filter((c) => !previous.categories.includes(c));
    if (previous.lastStatus === status && newCategories.length === 0)
        return null;
    return { from: previous.lastStatus, to: status, newCategories };
}
function closedWithin(issue, now, hours) {
    if (!issue?.closedAt || hours <= 0)
        return false;
    return now.getTime() - Date.parse(issue.closedAt) < hours * 3_600_000;
}
function decideIssue({ view, open, lastClosed, pending, tracking }) {
    const { target, now, runUrl } = view;
    const body = (state, phase, details) => (0,_body_js__WEBPACK_IMPORTED_MODULE_1__/* .issueBody */ .y6)({
        name: target.name,
        state,
        phase,
        details,
        closeAfter: tracking.closeAfter,
        labels: tracking.labels,
    });
    if (isBreached(target.status, tracking.issueOn)) {
        const status = (0,_body_js__WEBPACK_IMPORTED_MODULE_1__/* .breachedStatus */ .F7)(target.status);
        const title = (0,_body_js__WEBPACK_IMPORTED_MODULE_1__/* .issueTitle */ .al)(target.name, status);
        const categories = failureCategories(view);
        if (open) {
            const previous = (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .stateOfBody */ .hb)(open.body);
            const base = previous ?? restoredState(open, tracking.issueOn);
            const state = {
                ...base,
                lastSeenAt: now.toISOString(),
                lastRunUrl: runUrl,
                runsSeenDown: base.runsSeenDown + 1,
                healthyStreak: 0,
                healthySince: null,
                lastStatus: status,
                categories: [...new Set([...base.categories, ...categories])],
            };
            // Without the previous state there is no telling what changed: no comment rather than a wrong one.
            const change = previous && changeSince(previous, status, categories);
            // The title follows the status; otherwise it is left alone, in case a person edited it.
            const retitle = !previous || previous.lastStatus !== status;
            return {
                action: 'updated',
                issue: open,
                comment: change ? (0,_body_js__WEBPACK_IMPORTED_MODULE_1__/* .changeComment */ .EM)(view, change) : null,
                edit: { ...(retitle ? { title } : {}), body: body(state, 'breached', (0,_body_js__WEBPACK_IMPORTED_MODULE_1__/* .outageDetails */ .gn)(view)) },
            };
        }
        const streak = streakAfter(pending, view);
        if (!opensThisRun(target.status, pending, tracking))
            return { action: 'none', issue: null, pending: streak };
        if (closedWithin(lastClosed, now, tracking.reopenWindowHours)) {
            const outages = ((0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .stateOfBody */ .hb)(lastClosed.body)?.outages ?? 1) + 1;
            return {
                action: 'reopened',
                issue: lastClosed,
                comment: (0,_body_js__WEBPACK_IMPORTED_MODULE_1__/* .reopenComment */ .tU)(view, lastClosed.closedAt, tracking.reopenWindowHours),
                edit: {
                    title,
                    body: body(freshState(view, streak, outages), 'breached', (0,_body_js__WEBPACK_IMPORTED_MODULE_1__/* .outageDetails */ .gn)(view)),
                    state: 'open',
                },
            };
        }
        return {
            action: 'opened',
            title,
            body: body(freshState(view, streak, 1), 'breached', (0,_body_js__WEBPACK_IMPORTED_MODULE_1__/* .outageDetails */ .gn)(view)),
        };
    }
    // A healthy run ends the pending streak.
    if (!open)
        return { action: 'none', issue: null, pending: null };
    const base = (0,_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .stateOfBody */ .hb)(open.body) ?? restoredState(open, tracking.issueOn);
    const state = {
        ...base,
        healthyStreak: base.healthyStreak + 1,
        healthySince: base.healthySince ?? now.toISOString(),
        lastStatus: target.status,
    };
    // The figures of the outage stay in the body; the recovery comment carries the figures now.
    const details = (0,_body_js__WEBPACK_IMPORTED_MODULE_1__/* .detailsOfBody */ .g5)(open.body);
    if (state.healthyStreak >= tracking.closeAfter) {
        return {
            action: 'closed',
            issue: open,
            comment: (0,_body_js__WEBPACK_IMPORTED_MODULE_1__/* .recoveryComment */ .n_)(view, state, tracking.issueOn),
            edit: { body: body(state, 'resolved', details), state: 'closed', stateReason: 'completed' },
        };
    }
    return {
        action: 'updated',
        issue: open,
        comment: null,
        edit: { body: body(state, 'recovering', details) },
    };
}


/***/ }),

/***/ 4935:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ms: () => (/* binding */ entryOf),
/* harmony export */   Pc: () => (/* binding */ hasPendingBlock),
/* harmony export */   RY: () => (/* binding */ setEntry),
/* harmony export */   hb: () => (/* binding */ stateOfBody),
/* harmony export */   jd: () => (/* binding */ dict),
/* harmony export */   ji: () => (/* binding */ stateBlock),
/* harmony export */   lo: () => (/* binding */ pendingBlock),
/* harmony export */   pc: () => (/* binding */ targetOfBody),
/* harmony export */   qW: () => (/* binding */ runMarker),
/* harmony export */   vB: () => (/* binding */ pendingOfBody),
/* harmony export */   yT: () => (/* binding */ targetMarker)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9691);
/* harmony import */ var _probe_result_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3017);
/* harmony import */ var _status_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5565);
/**
 * The hidden parts of a tracking issue's body: the marker that names its target (how the tracker finds
 * the issue again, together with the first label) and the state block that carries what must survive
 * between runs. Also the pending block of the state issue, which counts breached runs before open-after
 * lets an issue open. All are HTML comments, so GitHub does not render them.
 */



const TARGET_PREFIX = '<!-- llm-heartbeat:target ';
const STATE_PREFIX = '<!-- llm-heartbeat:state ';
const PENDING_PREFIX = '<!-- llm-heartbeat:pending ';
const RUN_PREFIX = '<!-- llm-heartbeat:run ';
const SUFFIX = ' -->';
/** An object with no prototype: every name, `__proto__` included, is an own key and nothing else is. */
function dict(entries = []) {
    const out = Object.create(null);
    for (const [key, value] of entries)
        setEntry(out, key, value);
    return out;
}
/** Sets an own entry, whatever the key: `record.__proto__ = …` would set a prototype instead. */
function setEntry(record, key, value) {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
/** `record[key]` when it is the record's own entry; never something inherited (`constructor`, `toString`). */
function entryOf(record, key) {
    return record && Object.hasOwn(record, key) ? record[key] : undefined;
}
const isoTime = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().refine((s) => !Number.isNaN(Date.parse(s)));
const count = zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(0);
const OutageStateSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    startedAt: isoTime,
    firstRunUrl: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
    lastSeenAt: isoTime,
    lastRunUrl: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
    runsSeenDown: count,
    healthyStreak: count,
    healthySince: isoTime.nullable(),
    lastStatus: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(_status_js__WEBPACK_IMPORTED_MODULE_0__/* .STATUSES */ .f),
    categories: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(_probe_result_js__WEBPACK_IMPORTED_MODULE_2__/* .CATEGORIES */ .R)),
    outages: count.min(1),
});
const PendingStreakSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    runs: count.min(1),
    since: isoTime,
    firstRunUrl: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
    lastSeenAt: isoTime,
    outage: OutageStateSchema.optional(),
});
const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
/**
 * The pending block's JSON, checked entry by entry. Not `z.record`: its result is a plain object, on
 * which a label or target named `__proto__` is dropped (it sets the prototype) and `constructor` reads
 * back as Object's own. JSON.parse keeps `__proto__` as an own key; `Object.entries` sees it.
 */
function parsePendingStreaks(json) {
    if (!isPlainObject(json))
        return null;
    const streaks = dict();
    for (const [label, targets] of Object.entries(json)) {
        if (!isPlainObject(targets))
            return null;
        const byTarget = dict();
        for (const [target, streak] of Object.entries(targets)) {
            const parsed = PendingStreakSchema.safeParse(streak);
            if (!parsed.success)
                return null;
            setEntry(byTarget, target, parsed.data);
        }
        setEntry(streaks, label, byTarget);
    }
    return streaks;
}
/**
 * JSON that cannot end the HTML comment it sits in: `<`, `>` and `&` become \u escapes, which
 * JSON.parse reads back unchanged, so a target named `x -->` stays inside its marker.
 */
function commentSafeJson(value) {
    return JSON.stringify(value).replace(/[<>&]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/** The JSON text after `prefix` up to the comment's end, parsed; undefined when absent or corrupt. */
function readComment(body, prefix) {
    const start = body.indexOf(prefix);
    if (start < 0)
        return undefined;
    const from = start + prefix.length;
    const end = body.indexOf(SUFFIX, from);
    if (end < 0)
        return undefined;
    try {
        return JSON.parse(body.slice(from, end));
    }
    catch {
        return undefined;
    }
}
function targetMarker(name) {
    return `${TARGET_PREFIX}${commentSafeJson(name)}${SUFFIX}`;
}
/**
 * The target an issue body names in its marker; null when it has none (an issue a person wrote). Only
 * the first line counts, and only exactly as targetMarker writes it: a marker anywhere else in a body
 * (quoted by a person, or planted in server text that escaping somehow let through) never makes an
 * issue some target's. A trailing `\r` is allowed: GitHub stores bodies edited on the web with CRLF.
 */
function targetOfBody(body) {
    const text = body ?? '';
    const firstLine = text.slice(0, text.includes('\n') ? text.indexOf('\n') : text.length).replace(/\r$/, '');
    if (!firstLine.startsWith(TARGET_PREFIX) || !firstLine.endsWith(SUFFIX))
        return null;
    let name;
    try {
        name = JSON.parse(firstLine.slice(TARGET_PREFIX.length, -SUFFIX.length));
    }
    catch {
        return null;
    }
    return typeof name === 'string' && targetMarker(name) === firstLine ? name : null;
}
/**
 * The hidden stamp of one run's write about one target, in every issue body and comment the tracker
 * sends: after a 5xx or a timeout, finding it tells whether the write went through, so it is never
 * made twice. `run` is the workflow run's id and attempt (`7001-1`).
 */
function runMarker(run, target) {
    return `${RUN_PREFIX}${run} ${commentSafeJson(target)}${SUFFIX}`;
}
function stateBlock(state) {
    return `${STATE_PREFIX}${commentSafeJson(state)}${SUFFIX}`;
}
/** The state an issue body carries; null when the block is missing, corrupted or from another shape. */
function stateOfBody(body) {
    const parsed = OutageStateSchema.safeParse(readComment(body ?? '', STATE_PREFIX));
    return parsed.success ? parsed.data : null;
}
function pendingBlock(streaks) {
    return `${PENDING_PREFIX}${commentSafeJson(streaks)}${SUFFIX}`;
}
/** Whether a body has a pending block at all: the state issue's marker (readable or not). */
function hasPendingBlock(body) {
    return (body ?? '').includes(PENDING_PREFIX);
}
/** The pending streaks a state issue's body carries; null when the block is missing or corrupted. */
function pendingOfBody(body) {
    return parsePendingStreaks(readComment(body ?? '', PENDING_PREFIX));
}


/***/ }),

/***/ 1949:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_WAITS_PER_RUN: () => (/* binding */ MAX_WAITS_PER_RUN),
/* harmony export */   MAX_WAIT_SECONDS: () => (/* binding */ MAX_WAIT_SECONDS),
/* harmony export */   SERVER_ERROR_RETRIES: () => (/* binding */ SERVER_ERROR_RETRIES),
/* harmony export */   TRACKER_DEADLINE_MS: () => (/* binding */ TRACKER_DEADLINE_MS),
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient),
/* harmony export */   retryDelayMs: () => (/* binding */ retryDelayMs)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6856);
/**
 * The GitHub client the tracker uses: Octokit from @actions/github (proxy-aware), with bounded retries.
 * GitHub faults must never hold up the job summary, so every wait has a ceiling.
 */



/** A wait GitHub asks for (retry-after, rate-limit reset) is obeyed only when it is at most this long… */
const MAX_WAIT_SECONDS = 60;
/** …at most once per request and this many times per run; otherwise the tracker gives up with a warning. */
const MAX_WAITS_PER_RUN = 2;
/**
 * 5xx and network failures are retried this many times (after 1 s, then 4 s). Creates and comments pass
 * 0: the tracker looks for a write that may have gone through before sending it again (github.ts).
 */
const SERVER_ERROR_RETRIES = 2;
/** The tracker's whole conversation with GitHub ends within this, so the summary is never lost to a hang. */
const TRACKER_DEADLINE_MS = 120_000;
/** Milliseconds per second of waiting, by client (tests shrink it). */
const secondMsOf = new WeakMap();
/** How long to wait before the `retry`-th resend of a write (1 s, then 4 s), the way the retry plugin waits. */
function retryDelayMs(octokit, retry) {
    return (secondMsOf.get(octokit) ?? 1000) * retry ** 2;
}
function createGitHubClient(token, options) {
    const log = options.log ?? (() => { });
    const secondMs = options.secondMs ?? 1000;
    let waits = 0;
    const mayWait = (what) => (retryAfter, request, _octokit, retryCount) => {
        if (retryCount > 0 || waits >= MAX_WAITS_PER_RUN || retryAfter > MAX_WAIT_SECONDS)
            return false;
        waits++;
        log(`GitHub ${what} on ${request.method} ${request.url}: waiting ${retryAfter} s as asked, then once more.`);
        return true;
    };
    const deadline = AbortSignal.timeout(options.deadlineMs ?? TRACKER_DEADLINE_MS);
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, {
        baseUrl: options.baseUrl,
        log: { debug: () => { }, info: () => { }, warn: log, error: log },
        // 429 and 403 are the throttling plugin's to handle (it reads retry-after); the rest are final.
        retry: {
            retries: SERVER_ERROR_RETRIES,
            doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
            retryAfterBaseValue: secondMs,
        },
        throttle: {
            onRateLimit: mayWait('rate limit'),
            onSecondaryRateLimit: mayWait('secondary rate limit'),
            retryAfterBaseValue: secondMs,
            ...options.writeQueues,
        },
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__/* .throttling */ .A);
    // Set per request: passing `request` to the constructor would replace @actions/github's proxy-aware fetch.
    octokit.hook.before('request', (request) => {
        request.request = { ...request.request, signal: request.request?.signal ?? deadline };
    });
    secondMsOf.set(octokit, secondMs);
    return octokit;
}


/***/ }),

/***/ 6495:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hd: () => (/* binding */ STATE_LABEL),
/* harmony export */   jD: () => (/* binding */ readStateIssue),
/* harmony export */   lj: () => (/* binding */ saveStreaks)
/* harmony export */ });
/* unused harmony export STATE_WRITE_TRIES */
/* harmony import */ var _body_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1246);
/* harmony import */ var _github_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2041);
/* harmony import */ var _github_issues_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7122);
/* harmony import */ var _lifecycle_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5960);
/* harmony import */ var _marker_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4935);
/* harmony import */ var _octokit_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1949);
/**
 * The pending streaks' store: with open-after above 1, the breached runs counted before an issue opens
 * live in one closed issue, found by its own label plus its hidden pending block, shared by every
 * workflow of the repository, and written only when they change (merged per target, read back).
 */






/** The label of the one closed issue that keeps the pending streaks (open-after above 1). */
const STATE_LABEL = 'llm-heartbeat-state';
const STATE_LABEL_STYLE = {
    color: 'ededed',
    description: 'llm-heartbeat: keeps breached runs counted for open-after; closed on purpose, do not edit',
};
/**
 * The oldest issue with the state label and the pending block: never an issue a person wrote (no
 * block), never a tracking issue (other marker). Overlapping runs may create two: the oldest wins.
 */
async function readStateIssue(session) {
    const found = (await (0,_github_issues_js__WEBPACK_IMPORTED_MODULE_2__/* .listLabelled */ .CL)(session, STATE_LABEL, 'all')).filter((i) => (0,_marker_js__WEBPACK_IMPORTED_MODULE_4__/* .hasPendingBlock */ .Pc)(i.body));
    const oldest = found.sort((a, b) => a.number - b.number)[0];
    if (!oldest)
        return { issue: null, streaks: (0,_marker_js__WEBPACK_IMPORTED_MODULE_4__/* .dict */ .jd)(), readable: true };
    const streaks = (0,_marker_js__WEBPACK_IMPORTED_MODULE_4__/* .pendingOfBody */ .vB)(oldest.body);
    if (streaks === null) {
        session.warnings.push(`Pending outage streaks: the hidden block of #${oldest.number} (labelled "${STATE_LABEL}") is unreadable, perhaps edited by hand; breached runs are counted again from this run, and the block is rewritten.`);
    }
    return { issue: (0,_github_issues_js__WEBPACK_IMPORTED_MODULE_2__/* .foundIssue */ .c0)(oldest), streaks: streaks ?? (0,_marker_js__WEBPACK_IMPORTED_MODULE_4__/* .dict */ .jd)(), readable: streaks !== null };
}
/** Writes of the pending block that another writer may overwrite before this run gives up, with a warning. */
const STATE_WRITE_TRIES = 3;
/**
 * Saves this run's streaks (`updates`: its targets under `namespace`, null for a streak that ended) in
 * the state issue, without losing another run's: separate workflows, other labels, overlapping runs
 * share the one issue. Each try reads the block again right before writing and merges per target (this
 * run's entries change, every other entry stays as that read has it), then reads it back: when another
 * writer overwrote this run's entries from an older read, it tries again, up to STATE_WRITE_TRIES times.
 * Nothing is written when nothing changes, so most runs only read.
 */
async function saveStreaks(session, first, namespace, updates, now) {
    const nothingToDo = (found) => {
        const merged = (0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_3__/* .updatedStreaks */ .v_)(found.streaks, namespace, updates, now);
        return found.issue
            ? found.readable && (0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_3__/* .sameStreaks */ .AQ)(found.streaks, merged)
            : Object.keys(merged).length === 0;
    };
    if (nothingToDo(first))
        return;
    for (let attempt = 1; attempt <= STATE_WRITE_TRIES; attempt++) {
        if (attempt > 1)
            await (0,_github_issues_js__WEBPACK_IMPORTED_MODULE_2__/* .pause */ .v7)(Math.random() * (0,_octokit_js__WEBPACK_IMPORTED_MODULE_5__.retryDelayMs)(session.octokit, attempt - 1));
        const fresh = await (0,_github_issues_js__WEBPACK_IMPORTED_MODULE_2__/* .step */ .PM)('read the pending streaks again before writing them', () => readStateIssue(session));
        if (nothingToDo(fresh))
            return;
        try {
            await writeStateIssue(session, fresh, (0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_3__/* .updatedStreaks */ .v_)(fresh.streaks, namespace, updates, now));
        }
        catch (err) {
            // A create that may have gone through is looked for by the next try's read, not sent blindly.
            if (!(fresh.issue === null && (0,_github_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .mayHaveHappened */ .dk)(err.cause)) ||
                attempt === STATE_WRITE_TRIES)
                throw err;
            continue;
        }
        const after = await (0,_github_issues_js__WEBPACK_IMPORTED_MODULE_2__/* .step */ .PM)('read the pending streaks back', () => readStateIssue(session));
        if ((0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_3__/* .streaksKept */ .cD)(after.streaks, namespace, updates, now))
            return;
    }
    session.warnings.push(`Pending outage streaks: other runs kept overwriting the hidden block of the issue labelled "${STATE_LABEL}" (${STATE_WRITE_TRIES} tries); this run is not counted, the next one counts on.`);
}
/**
 * Writes the streaks. The first time, the issue is created and closed at once: watchers hear of it
 * once, and edits notify no one.
 */
async function writeStateIssue(session, found, streaks) {
    const { octokit, repo } = session;
    const body = (0,_body_js__WEBPACK_IMPORTED_MODULE_0__/* .stateIssueBody */ .X5)(streaks);
    if (found.issue) {
        const issue_number = found.issue.number;
        await (0,_github_issues_js__WEBPACK_IMPORTED_MODULE_2__/* .step */ .PM)(`update the state issue #${issue_number}`, () => octokit.rest.issues.update({ ...repo, issue_number, body, state: 'closed' }));
        return;
    }
    await (0,_github_issues_js__WEBPACK_IMPORTED_MODULE_2__/* .ensureLabel */ .zU)(session, 'Pending outage streaks', STATE_LABEL, STATE_LABEL_STYLE);
    const { data } = await (0,_github_issues_js__WEBPACK_IMPORTED_MODULE_2__/* .step */ .PM)('create the state issue', () => octokit.rest.issues.create({
        ...repo,
        title: _body_js__WEBPACK_IMPORTED_MODULE_0__/* .STATE_ISSUE_TITLE */ .vu,
        body,
        labels: [STATE_LABEL],
        request: { retries: 0 },
    }));
    if (!(0,_github_issues_js__WEBPACK_IMPORTED_MODULE_2__/* .hasLabel */ .RX)(data, STATE_LABEL)) {
        session.warnings.push(`Pending outage streaks: #${data.number} was created without the label "${STATE_LABEL}", so later runs cannot find it and open-after cannot count: let the token create labels, or create "${STATE_LABEL}" by hand.`);
    }
    await (0,_github_issues_js__WEBPACK_IMPORTED_MODULE_2__/* .step */ .PM)(`close the state issue #${data.number}`, () => octokit.rest.issues.update({
        ...repo,
        issue_number: data.number,
        state: 'closed',
        state_reason: 'not_planned',
    }));
}


/***/ })

};
