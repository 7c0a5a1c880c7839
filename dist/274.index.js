export const id = 274;
export const ids = [274];
export const modules = {

/***/ 5274:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   untrackedTransitions: () => (/* binding */ untrackedTransitions)
/* harmony export */ });
/* harmony import */ var _tracker_github_issues_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7122);
/* harmony import */ var _tracker_lifecycle_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5960);
/* harmony import */ var _tracker_marker_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4935);
/* harmony import */ var _tracker_state_issue_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6495);
/* harmony import */ var _transitions_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6545);





/** The outage kept for a target, as the issue the lifecycle would have found. */
function virtualIssue(entry) {
    return {
        number: 0,
        url: '',
        title: '',
        body: (0,_tracker_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .stateBlock */ .ji)(entry.outage),
        createdAt: entry.outage.startedAt,
        closedAt: null,
    };
}
async function untrackedTransitions(octokit, options) {
    const { report, now } = options;
    const session = {
        octokit,
        repo: options.repository,
        tracking: options.tracking,
        warnings: [],
        run: `${report.run.runId ?? 'local'}-${report.run.runAttempt ?? 1}`,
    };
    const namespace = `${(options.tracking.labels[0] ?? 'llm-outage').toLowerCase()}#notify`;
    const transitions = [];
    try {
        const state = await (0,_tracker_github_issues_js__WEBPACK_IMPORTED_MODULE_0__/* .step */ .PM)(`read the notifications' outages (the issue labelled "${_tracker_state_issue_js__WEBPACK_IMPORTED_MODULE_3__/* .STATE_LABEL */ .hd}")`, () => (0,_tracker_state_issue_js__WEBPACK_IMPORTED_MODULE_3__/* .readStateIssue */ .jD)(session));
        const updates = new Map();
        for (const target of report.targets) {
            const entry = (0,_tracker_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .entryOf */ .Ms)((0,_tracker_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .entryOf */ .Ms)(state.streaks, namespace), target.name) ?? null;
            // During maintenance a breached run is left out, as the tracker leaves it out.
            if (target.maintenance && (0,_tracker_lifecycle_js__WEBPACK_IMPORTED_MODULE_1__/* .isBreached */ .DT)(target.status, options.tracking.issueOn))
                continue;
            const view = { target, stream: report.settings.stream, runUrl: report.run.url, now };
            const open = entry?.outage ? virtualIssue(entry) : null;
            const plan = (0,_tracker_lifecycle_js__WEBPACK_IMPORTED_MODULE_1__/* .decideIssue */ .Uv)({
                view,
                open,
                lastClosed: null,
                pending: entry?.outage ? null : entry,
                tracking: options.tracking,
            });
            const kept = plan.action === 'opened' ? plan.body : plan.action === 'updated' ? plan.edit.body : null;
            const outage = kept === null ? null : (0,_tracker_marker_js__WEBPACK_IMPORTED_MODULE_2__/* .stateOfBody */ .hb)(kept);
            updates.set(target.name, plan.action === 'none'
                ? plan.pending
                : outage
                    ? // lastSeenAt is this run's, so every run with an open outage is saved (its healthy streak counts).
                        {
                            runs: outage.runsSeenDown,
                            since: outage.startedAt,
                            firstRunUrl: outage.firstRunUrl,
                            lastSeenAt: now.toISOString(),
                            outage,
                        }
                    : null);
            const transition = plan.action === 'none'
                ? null
                : (0,_transitions_js__WEBPACK_IMPORTED_MODULE_4__/* .transitionOf */ .l)(plan, open, view, options.reminderHours, { number: null, url: null });
            if (transition && !target.maintenance)
                transitions.push(transition);
        }
        await (0,_tracker_state_issue_js__WEBPACK_IMPORTED_MODULE_3__/* .saveStreaks */ .lj)(session, state, namespace, updates, now);
    }
    catch (err) {
        (0,_tracker_github_issues_js__WEBPACK_IMPORTED_MODULE_0__/* .warn */ .R8)(session, 'Notifications without tracking issues (nothing is notified this run)', err);
        return { transitions: [], warnings: [...new Set(session.warnings)] };
    }
    return { transitions, warnings: [...new Set(session.warnings)] };
}


/***/ })

};
