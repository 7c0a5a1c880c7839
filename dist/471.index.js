export const id = 471;
export const ids = [471];
export const modules = {

/***/ 8471:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   issueWindows: () => (/* binding */ issueWindows),
/* harmony export */   marksFor: () => (/* binding */ marksFor),
/* harmony export */   withMaintenance: () => (/* binding */ withMaintenance)
/* harmony export */ });
/* unused harmony export MAINTENANCE_LABEL */
/* harmony import */ var _windows_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5338);

const MAINTENANCE_LABEL = 'maintenance';
/** The windows of the repository's open issues labelled maintenance. */
async function issueWindows(octokit, repo) {
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...repo,
        labels: MAINTENANCE_LABEL,
        state: 'open',
        per_page: 100,
    });
    return issues
        .filter((i) => !i.pull_request)
        .map((i) => (0,_windows_js__WEBPACK_IMPORTED_MODULE_0__/* .windowOfIssue */ .lH)({ number: i.number, url: i.html_url, body: i.body ?? null }))
        .filter((w) => w !== null);
}
/** Each target's window now (by name); the input's first, then the issues'. */
function marksFor(config, targets, fromIssues, now) {
    const marks = new Map();
    for (const name of targets) {
        const mark = (0,_windows_js__WEBPACK_IMPORTED_MODULE_0__/* .configuredMark */ .C6)(config.maintenance, name, now) ?? (0,_windows_js__WEBPACK_IMPORTED_MODULE_0__/* .issueMark */ .fD)(fromIssues, name, now);
        if (mark)
            marks.set(name, mark);
    }
    return marks;
}
/** The report with each target's window (null for none). */
function withMaintenance(report, marks) {
    return {
        ...report,
        targets: report.targets.map((t) => ({ ...t, maintenance: marks.get(t.name) ?? null })),
    };
}


/***/ })

};
