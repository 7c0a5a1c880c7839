export const id = 363;
export const ids = [363];
export const modules = {

/***/ 1363:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  trackOutages: () => (/* binding */ trackOutages)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/notify/transitions.ts
var transitions = __webpack_require__(6545);
// EXTERNAL MODULE: ./src/tracker/body.ts
var tracker_body = __webpack_require__(1246);
// EXTERNAL MODULE: ./src/tracker/github-errors.ts
var github_errors = __webpack_require__(2041);
// EXTERNAL MODULE: ./src/tracker/github-issues.ts
var github_issues = __webpack_require__(7122);
// EXTERNAL MODULE: ./src/tracker/lifecycle.ts
var lifecycle = __webpack_require__(5960);
// EXTERNAL MODULE: ./src/tracker/octokit.ts
var tracker_octokit = __webpack_require__(1949);
;// CONCATENATED MODULE: ./src/tracker/lock.ts
/**
 * A lock around opening tracking issues, so that overlapping runs open one issue rather than one each
 * (every new issue notifies the repository's watchers). GitHub has no lock, but a reaction is unique
 * per user and content: `POST …/issues/{n}/reactions` answers 201 when it created the reaction and 200
 * when this user had it already. Every run of a repository's workflows uses the same GITHUB_TOKEN user,
 * so a 201 takes the lock and a 200 means another run holds it; deleting the reaction releases it.
 *
 * The reaction goes on the state issue, which exists once open-after (2 by default) has counted a run,
 * that is before any issue opens. Without it (open-after 1, or tokens of different users) runs open
 * without the lock, and the duplicate check right after creating keeps one issue open. A lock older
 * than LOCK_STALE_MS (a cancelled run's) is broken; a run that cannot take the lock in time opens
 * without it. The lock only narrows the race: the tracker never depends on it.
 */



const LOCK_REACTION = 'eyes';
/** A run's whole conversation with GitHub ends within 2 minutes: a lock older than this is a dead run's. */
const LOCK_STALE_MS = 5 * 60_000;
/** Tries to take the lock, one to two seconds apart, before opening without it. */
const LOCK_TRIES = 10;
/** Takes the lock on `issueNumber`; null when another run kept it all along, or GitHub failed (a warning). */
async function takeLock(session, issueNumber) {
    const { octokit, repo } = session;
    const where = { ...repo, issue_number: issueNumber };
    try {
        for (let attempt = 1; attempt <= LOCK_TRIES; attempt++) {
            const { status, data } = await (0,github_issues/* step */.PM)(`take the lock (a reaction on #${issueNumber})`, () => octokit.rest.reactions.createForIssue({ ...where, content: LOCK_REACTION }));
            if (status === 201)
                return { issueNumber, reactionId: data.id };
            if (Date.now() - Date.parse(data.created_at) > LOCK_STALE_MS) {
                await (0,github_issues/* step */.PM)(`break a stale lock on #${issueNumber}`, async () => {
                    try {
                        await octokit.rest.reactions.deleteForIssue({ ...where, reaction_id: data.id });
                    }
                    catch (err) {
                        // Another run broke it first: fine.
                        if ((0,github_errors/* statusOf */.c2)(err) !== 404)
                            throw err;
                    }
                });
                continue;
            }
            if (attempt < LOCK_TRIES)
                await (0,github_issues/* pause */.v7)((0,tracker_octokit.retryDelayMs)(octokit, 1) * (1 + Math.random()));
        }
    }
    catch (err) {
        (0,github_issues/* warn */.R8)(session, 'Tracking issues (opened without the lock against overlapping runs)', err);
    }
    return null;
}
async function releaseLock(session, lock) {
    const { octokit, repo } = session;
    try {
        await (0,github_issues/* step */.PM)(`release the lock (a reaction on #${lock.issueNumber}; it expires within minutes)`, () => octokit.rest.reactions.deleteForIssue({
            ...repo,
            issue_number: lock.issueNumber,
            reaction_id: lock.reactionId,
        }));
    }
    catch (err) {
        (0,github_issues/* warn */.R8)(session, 'Tracking issues', err);
    }
}

// EXTERNAL MODULE: ./src/tracker/marker.ts
var marker = __webpack_require__(4935);
// EXTERNAL MODULE: ./src/tracker/state-issue.ts
var state_issue = __webpack_require__(6495);
;// CONCATENATED MODULE: ./src/tracker/github.ts
/**
 * The tracker's orchestration: finds each target's issue on GitHub, carries out lifecycle.ts's plan,
 * and turns every GitHub fault into a warning. It never throws, and one target's failure does not stop
 * the others. Issues are found by the first label plus the hidden marker, never by title. With open-after
 * above 1, the breached runs counted before an issue opens live in the state issue (state-issue.ts).
 */










/** The label that finds the issues again gets a colour people notice; the others a quiet one. */
const LABEL_STYLE = [
    {
        color: 'd73a4a',
        description: 'llm-heartbeat: an LLM target is down; one issue per target, closed on recovery',
    },
    { color: 'ededed', description: 'Added by llm-heartbeat to its outage issues' },
];
// ---- finding the issues ----
/**
 * The tracking issues with the first label, by the target their marker names, oldest first. An issue
 * without the marker (one a person wrote, or the state issue) or without the label is never the tracker's.
 */
async function listTracked(session, state, since) {
    const byTarget = new Map();
    for (const issue of await (0,github_issues/* listLabelled */.CL)(session, session.tracking.labels[0], state, since)) {
        const target = (0,marker/* targetOfBody */.pc)(issue.body);
        if (target === null)
            continue;
        byTarget.set(target, [...(byTarget.get(target) ?? []), (0,github_issues/* foundIssue */.c0)(issue)]);
    }
    for (const list of byTarget.values())
        list.sort((a, b) => a.number - b.number);
    return byTarget;
}
/** The target's open tracking issues, oldest first. */
async function openIssuesOf(session, target) {
    return (await listTracked(session, 'open')).get(target) ?? [];
}
async function openIssueOf(session, target) {
    return (await openIssuesOf(session, target))[0] ?? null;
}
/** The most recently closed issue of each target, leaving out those closed as duplicates. */
function lastClosedOf(closed) {
    const latest = new Map();
    for (const [target, issues] of closed) {
        const candidates = issues.filter((i) => i.closedAt && i.stateReason !== 'duplicate');
        candidates.sort((a, b) => Date.parse(b.closedAt) - Date.parse(a.closedAt));
        if (candidates[0])
            latest.set(target, candidates[0]);
    }
    return latest;
}
// ---- writing ----
/**
 * Sends a body stamped with the run's marker for `target`; when GitHub still finds it too long, sends
 * it once more cut to the compact budget (the stamp added after the cut, so it is never cut off).
 */
async function withShorterBodyOnce(session, target, body, send) {
    const stamp = (0,marker/* runMarker */.qW)(session.run, target);
    try {
        return await send((0,tracker_body/* stampText */.He)(body, stamp));
    }
    catch (err) {
        if (!(0,github_errors/* bodyTooLong */.Zh)(err))
            throw err;
        return send((0,tracker_body/* stampText */.He)((0,tracker_body/* boundText */.O6)(body, tracker_body/* COMPACT_BODY_BUDGET */.rb), stamp));
    }
}
/**
 * Posts a comment at most once. Comments are not retried by the client (a 502 may hide one GitHub
 * applied): after a 5xx or a lost connection, the tracker waits as the retry plugin would, looks for
 * the run's marker among the issue's recent comments, and sends the comment again only if it is not there.
 */
async function postComment(session, issue_number, target, text) {
    const { octokit, repo } = session;
    const stamp = (0,marker/* runMarker */.qW)(session.run, target);
    // Comments this run may have posted are at most minutes old; the margin covers a skewed clock.
    const since = new Date(Date.now() - 15 * 60_000).toISOString();
    for (let retry = 1;; retry++) {
        try {
            await withShorterBodyOnce(session, target, text, (body) => octokit.rest.issues.createComment({ ...repo, issue_number, body, request: { retries: 0 } }));
            return;
        }
        catch (err) {
            if (!(0,github_errors/* mayHaveHappened */.dk)(err) || (0,github_errors/* pastDeadline */.Rs)(err) || retry > tracker_octokit.SERVER_ERROR_RETRIES)
                throw err;
            await (0,github_issues/* pause */.v7)((0,tracker_octokit.retryDelayMs)(octokit, retry));
            const recent = await octokit.paginate(octokit.rest.issues.listComments, {
                ...repo,
                issue_number,
                since,
                per_page: 100,
            });
            if (recent.some((comment) => comment.body?.includes(stamp)))
                return;
        }
    }
}
async function ensureLabels(session) {
    for (const [index, name] of session.tracking.labels.entries())
        await (0,github_issues/* ensureLabel */.zU)(session, 'Tracking issues', name, LABEL_STYLE[Math.min(index, 1)]);
}
/**
 * POST /issues is never retried blindly: a create that may have gone through is looked for first.
 * Says whether the issue carries the first label, without which no later run can find it.
 */
async function createIssue(session, target, title, body) {
    const { octokit, repo, tracking } = session;
    const label = tracking.labels[0];
    const assignees = tracking.assignees.length > 0 ? { assignees: tracking.assignees } : {};
    const attempt = async (fields) => {
        const { data } = await octokit.rest.issues.create({
            ...repo,
            title,
            labels: tracking.labels,
            ...fields,
            body: (0,tracker_body/* stampText */.He)(fields.body, (0,marker/* runMarker */.qW)(session.run, target)),
            request: { retries: 0 },
        });
        return { issue: (0,github_issues/* foundIssue */.c0)(data), labelled: (0,github_issues/* hasLabel */.RX)(data, label) };
    };
    try {
        return await attempt({ body, ...assignees });
    }
    catch (err) {
        if ((0,github_errors/* assigneesRefused */.jF)(err)) {
            session.warnings.push(`Tracking issue of "${target}": GitHub refused the issue-assignees (${tracking.assignees.join(', ')}); opened it without assignees.`);
            return attempt({ body });
        }
        if ((0,github_errors/* bodyTooLong */.Zh)(err))
            return attempt({ body: (0,tracker_body/* boundText */.O6)(body, tracker_body/* COMPACT_BODY_BUDGET */.rb), ...assignees });
        if (!(0,github_errors/* mayHaveHappened */.dk)(err))
            throw err;
        const landed = await openIssueOf(session, target);
        return landed ? { issue: landed, labelled: true } : attempt({ body, ...assignees });
    }
}
function outcome(target, action, issue) {
    return { target, action, number: issue?.number ?? null, url: issue?.url ?? null };
}
async function carryOut(session, target, plan) {
    const { octokit, repo } = session;
    const issue_number = plan.issue.number;
    const { comment, edit } = plan;
    if (comment !== null) {
        await (0,github_issues/* step */.PM)(`comment on #${issue_number}`, () => postComment(session, issue_number, target, comment));
    }
    const verb = { updated: 'update', closed: 'close', reopened: 'reopen' }[plan.action];
    await (0,github_issues/* step */.PM)(`${verb} #${issue_number}`, () => withShorterBodyOnce(session, target, edit.body, (body) => octokit.rest.issues.update({
        ...repo,
        issue_number,
        body,
        ...(edit.title === undefined ? {} : { title: edit.title }),
        ...(edit.state === undefined ? {} : { state: edit.state }),
        ...(edit.stateReason === undefined ? {} : { state_reason: edit.stateReason }),
    })));
}
async function trackTarget(session, view, found) {
    const name = view.target.name;
    const plan = (0,lifecycle/* decideIssue */.Uv)({ view, ...found, tracking: session.tracking });
    const done = (action, issue) => ({
        outcome: outcome(name, action, issue),
        pending: (0,lifecycle/* pendingAfter */._D)(plan),
        // Notifications tell what was carried out, never what was only planned.
        transition: action === 'none'
            ? null
            : (0,transitions/* transitionOf */.l)(plan, found.open, view, session.reminderHours, outcome(name, action, issue)),
    });
    if (plan.action === 'none')
        return done('none', plan.issue);
    if (plan.action !== 'opened') {
        await carryOut(session, name, plan);
        return done(plan.action, plan.issue);
    }
    session.labelsReady ??= ensureLabels(session);
    await session.labelsReady;
    if (session.lockOn !== null) {
        session.lock ??= takeLock(session, session.lockOn);
        await session.lock;
    }
    // Look again right before creating: an overlapping run may have opened it since this run listed.
    const meanwhile = await (0,github_issues/* step */.PM)('look for its issue again', () => openIssueOf(session, name));
    if (meanwhile)
        return trackTarget(session, view, { open: meanwhile, lastClosed: null, pending: null });
    const created = await (0,github_issues/* step */.PM)('open it', () => createIssue(session, name, plan.title, plan.body));
    if (!created.labelled) {
        const label = session.tracking.labels[0];
        session.warnings.push(`Tracking issue of "${name}": #${created.issue.number} was opened without the label "${label}", so later runs cannot find it: let the token create labels, or create "${label}" by hand.`);
        return done('opened', created.issue);
    }
    // An overlapping run may have created one too between the look and the create: list again at once.
    // The oldest wins; a run whose issue is not the oldest closes its own as a duplicate (only its own,
    // so the losers never comment twice on one issue), and reports the oldest.
    const oldest = (await (0,github_issues/* step */.PM)('look for a duplicate of it', () => openIssuesOf(session, name)))[0];
    if (oldest && oldest.number < created.issue.number) {
        await closeDuplicates(session, name, [oldest, created.issue]);
        return done('none', oldest);
    }
    return done('opened', created.issue);
}
/** Overlapping runs may leave two open issues for one target: keep the oldest, close the others. */
async function closeDuplicates(session, target, issues) {
    const [kept, ...extra] = issues;
    const { octokit, repo } = session;
    for (const duplicate of kept ? extra : []) {
        const issue_number = duplicate.number;
        try {
            await (0,github_issues/* step */.PM)(`comment on the duplicate #${issue_number}`, () => postComment(session, issue_number, target, (0,tracker_body/* duplicateComment */.j8)(kept.number)));
            const close = (state_reason) => octokit.rest.issues.update({ ...repo, issue_number, state: 'closed', state_reason });
            await (0,github_issues/* step */.PM)(`close the duplicate #${issue_number}`, async () => {
                try {
                    await close('duplicate');
                }
                catch (err) {
                    // Older GitHub Enterprise servers know no `duplicate` reason.
                    if ((0,github_errors/* statusOf */.c2)(err) !== 422)
                        throw err;
                    await close('not_planned');
                }
            });
        }
        catch (err) {
            (0,github_issues/* warn */.R8)(session, `Tracking issue of "${target}"`, err);
        }
    }
}
async function trackOutages(octokit, options) {
    const { report, tracking, now } = options;
    const { runId, runAttempt } = report.run;
    // Outside GitHub Actions there is no run id: a random one still tells this run's writes from others'.
    const run = `${runId ?? (0,external_node_crypto_.randomUUID)()}-${runAttempt ?? 1}`;
    const session = {
        octokit,
        repo: options.repository,
        tracking,
        warnings: [],
        run,
        lockOn: null,
        reminderHours: options.reminderHours ?? null,
    };
    const none = () => report.targets.map((t) => outcome(t.name, 'none', null));
    const transitions = [];
    const finish = (outcomes) => ({
        outcomes,
        warnings: [...new Set(session.warnings)],
        ...(transitions.length > 0 ? { transitions } : {}),
    });
    const label = tracking.labels[0];
    if (label === undefined)
        return finish(none());
    let open;
    try {
        open = await (0,github_issues/* step */.PM)(`list the open issues labelled "${label}"`, () => listTracked(session, 'open'));
    }
    catch (err) {
        (0,github_issues/* warn */.R8)(session, 'Tracking issues', err);
        return finish(none());
    }
    for (const t of report.targets) {
        const issues = open.get(t.name) ?? [];
        if (issues.length > 1)
            await closeDuplicates(session, t.name, issues);
    }
    // open-after above 1: the breached runs counted so far, kept in the state issue.
    let state = null;
    if (tracking.openAfter > 1) {
        try {
            state = await (0,github_issues/* step */.PM)(`read the pending streaks (the issue labelled "${state_issue/* STATE_LABEL */.hd}")`, () => (0,state_issue/* readStateIssue */.jD)(session));
        }
        catch (err) {
            (0,github_issues/* warn */.R8)(session, 'Pending outage streaks (this run counts from nothing and keeps nothing)', err);
        }
    }
    session.lockOn = state?.issue?.number ?? null;
    const namespace = label.toLowerCase();
    const pendingOf = (name) => (0,marker/* entryOf */.Ms)((0,marker/* entryOf */.Ms)(state?.streaks, namespace), name) ?? null;
    // Closed issues matter only to a target that gets an issue this run, and only within the window.
    let lastClosed = new Map();
    const mayReopen = report.targets.some((t) => !open.has(t.name) && (0,lifecycle/* opensThisRun */.F1)(t.status, pendingOf(t.name), tracking));
    if (mayReopen && tracking.reopenWindowHours > 0) {
        const since = new Date(now.getTime() - tracking.reopenWindowHours * 3_600_000).toISOString();
        try {
            lastClosed = lastClosedOf(await (0,github_issues/* step */.PM)(`list the recently closed issues labelled "${label}"`, () => listTracked(session, 'closed', since)));
        }
        catch (err) {
            (0,github_issues/* warn */.R8)(session, 'Tracking issues (no reopening this run)', err);
        }
    }
    const outcomes = [];
    const streaks = new Map();
    let deadlinePassed = false;
    for (const target of report.targets) {
        const view = { target, stream: report.settings.stream, runUrl: report.run.url, now };
        const openIssue = open.get(target.name)?.[0] ?? null;
        // Past the deadline every request would fail at once (after retries): leave the rest for the next run.
        // In a maintenance window a breached run is left out: no issue opens or escalates, the streak keeps.
        if (deadlinePassed || (target.maintenance && (0,lifecycle/* isBreached */.DT)(target.status, tracking.issueOn))) {
            outcomes.push(outcome(target.name, 'none', openIssue));
            continue;
        }
        try {
            const result = await trackTarget(session, view, {
                open: openIssue,
                lastClosed: lastClosed.get(target.name) ?? null,
                pending: pendingOf(target.name),
            });
            outcomes.push(result.outcome);
            streaks.set(target.name, result.pending);
            if (result.transition && !target.maintenance)
                transitions.push(result.transition);
        }
        catch (err) {
            (0,github_issues/* warn */.R8)(session, `Tracking issue of "${target.name}"`, err);
            outcomes.push(outcome(target.name, 'none', openIssue));
            deadlinePassed = (0,github_errors/* pastDeadline */.Rs)(err);
        }
    }
    const held = await session.lock;
    if (held && !deadlinePassed)
        await releaseLock(session, held);
    // A target whose plan failed keeps its streak as it was: the next run counts on from there.
    if (state && !deadlinePassed) {
        try {
            await (0,state_issue/* saveStreaks */.lj)(session, state, namespace, streaks, now);
        }
        catch (err) {
            (0,github_issues/* warn */.R8)(session, 'Pending outage streaks (this run is not counted)', err);
        }
    }
    return finish(outcomes);
}


/***/ })

};
