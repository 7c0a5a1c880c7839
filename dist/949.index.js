export const id = 949;
export const ids = [949];
export const modules = {

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


/***/ })

};
