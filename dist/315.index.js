export const id = 315;
export const ids = [315];
export const modules = {

/***/ 4315:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pushReportMetrics: () => (/* binding */ pushReportMetrics)
});

// UNUSED EXPORTS: DEFAULT_PUSH_TIMEOUT_MS, groupingPath, pushMetrics

// EXTERNAL MODULE: ./src/report/build.ts
var build = __webpack_require__(5066);
// EXTERNAL MODULE: ./src/secrets.ts
var src_secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/text/untrusted.ts
var untrusted = __webpack_require__(9209);
// EXTERNAL MODULE: ./src/probe/result.ts
var result = __webpack_require__(3017);
// EXTERNAL MODULE: ./src/status.ts
var src_status = __webpack_require__(5565);
;// CONCATENATED MODULE: ./src/metrics/prometheus.ts
/**
 * One target's run as Prometheus metrics, in the text exposition format (version 0.0.4), for a push
 * to a Pushgateway. Pure: the same report gives the same text.
 *
 * Every metric is a gauge, on purpose. A push carries one run's figures and replaces the previous
 * run's (PUT), so nothing here only goes up: a `_total` counter that drops back at every push would
 * make rate() and increase() read a reset each run. Hence `llm_heartbeat_checks` (this run's count),
 * not `llm_heartbeat_checks_total`; sum_over_time() adds runs up on the Prometheus side.
 *
 * A figure that does not exist (no successful check, so no latency; no judged check, so no success
 * ratio; no stream, so no TTFT) is left out, never written as 0 or NaN: an absent series is what
 * PromQL treats as "unknown", and an alert on `< 0.95` or `> threshold` then stays quiet rather than
 * firing on a made-up value. Counts (checks by category, samples) are always written, zeros included.
 */



const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Server-reported names are untrusted: bound them so one odd reply cannot bloat every scrape. */
const MAX_REPORTED_LABEL_LENGTH = 200;
/** Label value escaping of the text format: backslash, double quote and line feed. */
function escapeLabelValue(value) {
    return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
function escapeHelp(text) {
    return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
function sampleLine(name, labels, value) {
    const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
    return `${name}{${pairs.join(',')}} ${value}`;
}
const seconds = (ms) => ms / 1000;
/**
 * Percentiles in seconds, labelled `percentile="95"` (the action's own word, as in latency-percentile):
 * the median, 95 and 99 always, plus the target's latency-percentile when it is another one. Null
 * figures are left out. Not `quantile`: that label belongs to summaries (promtool's linter says so),
 * and a summary's _count and _sum would have to be cumulative counters, which one run's figures are not.
 */
function percentileSamples(distribution) {
    const byPercentile = new Map([
        [50, distribution.p50],
        [95, distribution.p95],
        [99, distribution.p99],
        [distribution.thresholdPercentile, distribution.atThreshold],
    ]);
    return [...byPercentile]
        .filter((entry) => entry[1] !== null)
        .map(([percentile, ms]) => ({ labels: { percentile: String(percentile) }, value: seconds(ms) }));
}
/** The limit at the percentile it is judged at, so a rule can compare like with like. */
function thresholdSamples(limitMs, percentile) {
    return limitMs === null ? [] : [{ labels: { percentile: String(percentile) }, value: seconds(limitMs) }];
}
/** The repository's Actions page, for links back from alerts: stable, unlike the run URL (one series per run). */
function actionsUrl(runUrl) {
    return runUrl?.replace(/\/runs\/[^/]+$/, '') ?? null;
}
/**
 * The phase medians in blackbox_exporter's convention (`probe_http_duration_seconds{phase=…}`): resolve,
 * connect and tls over the checks that opened a connection, processing (request written to response
 * headers) and transfer (response headers to the body's end) over all successful checks. A phase no
 * check had (no new connection, so no resolve) is left out.
 */
function phaseSamples(target) {
    const p = target.stats.phases;
    if (!p)
        return [];
    const transfer = p.transfer.p50 === null && p.firstToken.p50 === null
        ? null
        : (p.firstToken.p50 ?? 0) + (p.transfer.p50 ?? 0);
    const phases = [
        ['resolve', p.dns.p50],
        ['connect', p.connect.p50],
        ['tls', p.tls.p50],
        ['processing', p.toHeaders.p50],
        ['transfer', transfer],
    ];
    return phases
        .filter((entry) => entry[1] !== null)
        .map(([phase, ms]) => ({ labels: { phase }, value: seconds(ms) }));
}
function families(report, target) {
    const { stats, thresholds } = target;
    const percentile = thresholds.latencyPercentile;
    const single = (value) => (value === null ? [] : [{ labels: {}, value }]);
    const identities = new Map();
    for (const identity of stats.identities) {
        const labels = {
            requested_model: target.model,
            model: (0,untrusted/* truncate */.xv)(identity.model ?? '', MAX_REPORTED_LABEL_LENGTH),
            system_fingerprint: (0,untrusted/* truncate */.xv)(identity.systemFingerprint ?? '', MAX_REPORTED_LABEL_LENGTH),
        };
        // null and "" are the same label value: one series each, or the Pushgateway rejects the push.
        identities.set(JSON.stringify(labels), labels);
    }
    const actions = actionsUrl(report.run.url);
    return [
        {
            name: 'llm_heartbeat_last_run_timestamp_seconds',
            help: 'Unix time when the last run of the probe finished its burst.',
            samples: single(Date.parse(report.finishedAt) / 1000),
        },
        {
            name: 'llm_heartbeat_status',
            help: 'Status of the target in the last run: 1 for the current status (up, degraded, down), 0 for the others.',
            samples: src_status/* STATUSES */.f.map((status) => ({ labels: { status }, value: status === target.status ? 1 : 0 })),
        },
        {
            name: 'llm_heartbeat_status_severity',
            help: 'Status of the target in the last run as a number: 0 up, 1 degraded, 2 down.',
            samples: single((0,src_status/* severity */.yf)(target.status)),
        },
        {
            name: 'llm_heartbeat_checks',
            help: 'Checks in the last run by outcome category (this run only: each push replaces the last).',
            samples: result/* CATEGORIES */.R.map((category) => ({ labels: { category }, value: stats.byCategory[category] })),
        },
        {
            name: 'llm_heartbeat_judged_checks',
            help: 'Checks in the last run that count toward the success ratio (rate-limited ones are left out under rate-limit-policy exclude).',
            samples: single(stats.judged),
        },
        {
            name: 'llm_heartbeat_success_ratio',
            help: 'Successful checks over judged checks in the last run, 0 to 1; absent when no check was judged.',
            samples: single(stats.judged === 0 ? null : stats.successes / stats.judged),
        },
        {
            name: 'llm_heartbeat_latency_seconds',
            help: 'Latency of the successful checks of the last run at each percentile (request start to end of reply); absent when none succeeded.',
            samples: percentileSamples(stats.latency),
        },
        {
            name: 'llm_heartbeat_latency_samples',
            help: 'Successful checks the latency percentiles of the last run rest on.',
            samples: single(stats.latency.n),
        },
        {
            name: 'llm_heartbeat_latency_threshold_seconds',
            help: 'The max-latency limit of the target, at the percentile it is judged at; absent when none is set.',
            samples: thresholdSamples(thresholds.maxLatencyMs, percentile),
        },
        {
            name: 'llm_heartbeat_ttft_seconds',
            help: 'Time to first token of the successful streamed checks of the last run at each percentile; absent without streaming or success.',
            samples: percentileSamples(stats.ttft),
        },
        {
            name: 'llm_heartbeat_ttft_samples',
            help: 'Successful checks the time-to-first-token percentiles of the last run rest on.',
            samples: single(stats.ttft.n),
        },
        {
            name: 'llm_heartbeat_ttft_threshold_seconds',
            help: 'The max-ttft limit of the target, at the percentile it is judged at; absent when none is set.',
            samples: thresholdSamples(thresholds.maxTtftMs, percentile),
        },
        {
            name: 'llm_heartbeat_phase_seconds',
            help: 'Median time of each phase of the successful checks of the last run, as blackbox_exporter names them: resolve, connect, tls (new connections only), processing (request written to response headers), transfer (headers to the end of the body).',
            samples: phaseSamples(target),
        },
        {
            name: 'llm_heartbeat_output_tokens_per_second',
            help: 'Median output speed of the successful checks of the last run (tokens per second after the first token); absent when not measurable.',
            samples: single(stats.tokensPerSecond),
        },
        {
            name: 'llm_heartbeat_model_info',
            help: 'Model names and system fingerprints the server reported in the last run, beside the requested model; always 1.',
            samples: [...identities.values()].map((labels) => ({ labels, value: 1 })),
        },
        {
            name: 'llm_heartbeat_workflow_info',
            help: 'The GitHub repository and workflow that ran the probe, with the Actions page to link alerts to; always 1.',
            samples: report.run.repository === null || actions === null
                ? []
                : [
                    {
                        labels: {
                            repository: report.run.repository,
                            workflow: report.run.workflow ?? '',
                            actions_url: actions,
                        },
                        value: 1,
                    },
                ],
        },
    ];
}
/**
 * The metrics of one target of a run, as the body of a Pushgateway push. Every sample carries
 * job, target and location, the grouping key of the push, so the text reads the same on its own
 * as in a scrape of the Pushgateway.
 */
function renderMetrics(report, target, identity) {
    const grouping = { job: identity.job, target: target.name, location: identity.location };
    const lines = [];
    for (const family of families(report, target)) {
        const samples = family.samples.filter((s) => Number.isFinite(s.value));
        if (samples.length === 0)
            continue;
        lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} gauge`);
        for (const s of samples)
            lines.push(sampleLine(family.name, { ...grouping, ...s.labels }, s.value));
    }
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/metrics/pushgateway.ts
/**
 * The network edge of the metrics: one PUT per target to a Prometheus Pushgateway.
 * Never throws: a failed push is a warning for the caller, the verdict stands.
 */




const DEFAULT_PUSH_TIMEOUT_MS = 10_000;
/** Values a path segment can carry as they are; anything else goes base64, the Pushgateway's own escape. */
const PLAIN_SEGMENT = /^[A-Za-z0-9_.:~-]+$/;
/**
 * One grouping label as URL path segments. Base64url (`name@base64/…`) for what a plain segment
 * cannot carry: a `/`, an empty value (written `=`), `.` and `..` (which URL parsing would resolve
 * away), and any other character, so no target name can change the path.
 */
function labelSegments(name, value) {
    if (PLAIN_SEGMENT.test(value) && value !== '.' && value !== '..')
        return `${name}/${value}`;
    const encoded = value === '' ? '=' : Buffer.from(value, 'utf8').toString('base64url');
    return `${name}@base64/${encoded}`;
}
/** `/metrics/job/<job>/target/<target>/location/<location>`, each value encoded. */
function groupingPath(job, grouping) {
    return `/metrics/${labelSegments('job', job)}/${labelSegments('target', grouping.target)}/${labelSegments('location', grouping.location)}`;
}
function authorization(auth) {
    if (auth === undefined)
        return null;
    if ('bearer' in auth)
        return `Bearer ${auth.bearer}`;
    return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}
const HINTS = {
    400: ' (the Pushgateway rejected the metrics; its reason follows)',
    401: ' (check the Pushgateway credentials)',
    403: ' (check the Pushgateway credentials)',
    404: ' (check that pushgateway-url is the base URL, without /metrics)',
};
/** URL userinfo is percent-encoded; a stray `%` is taken as it is rather than thrown on. */
function decodedUserinfo(part) {
    try {
        return decodeURIComponent(part);
    }
    catch {
        return part;
    }
}
function failure(status, error, secrets) {
    return { ok: false, status, error: (0,untrusted/* redact */.E$)(error, secrets) };
}
/**
 * PUT replaces the whole group, so a figure this run leaves out (no success, no latency) does not
 * linger from the previous run as POST would let it.
 */
async function pushMetrics(options) {
    const { job, grouping, body, fetch = globalThis.fetch, timeoutMs = DEFAULT_PUSH_TIMEOUT_MS } = options;
    let auth = options.auth;
    let base;
    try {
        base = new URL(options.url);
    }
    catch {
        // The value itself may hold credentials: never echo it.
        return { ok: false, status: null, error: 'pushgateway-url is not a URL: expected http(s)://host:port.' };
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
        return {
            ok: false,
            status: null,
            error: `pushgateway-url has the scheme "${base.protocol.slice(0, -1)}": expected http:// or https://, such as http://pushgateway:9091.`,
        };
    }
    if (auth === undefined && (base.username !== '' || base.password !== '')) {
        auth = { username: decodedUserinfo(base.username), password: decodedUserinfo(base.password) };
    }
    base.username = '';
    base.password = '';
    const secrets = (0,src_secrets/* pushAuthSecrets */.I$)(auth);
    const shown = (0,build/* publicUrl */.x6)(base.href);
    const endpoint = new URL(base.href);
    endpoint.pathname = `${base.pathname.replace(/\/+$/, '')}${groupingPath(job, grouping)}`;
    const headers = { 'content-type': METRICS_CONTENT_TYPE };
    const authHeader = authorization(auth);
    if (authHeader !== null)
        headers.authorization = authHeader;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
        // Redirects are not followed: they would carry the credentials to wherever the answer points.
        const response = await fetch(endpoint, { method: 'PUT', headers, body, signal, redirect: 'manual' });
        const text = await response.text();
        if (response.status === 200 || response.status === 202)
            return { ok: true, status: response.status, error: null };
        const reason = (0,untrusted/* truncate */.xv)((0,untrusted/* plain */.pj)(text), 500);
        const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
        return failure(response.status, `The Pushgateway at ${shown} answered ${response.status} ${response.statusText}${HINTS[response.status] ?? redirect}${reason ? `: ${reason}` : ''}`, secrets);
    }
    catch (err) {
        if (signal.aborted)
            return failure(null, `No answer from the Pushgateway at ${shown} within ${timeoutMs} ms.`, secrets);
        const cause = err.cause;
        const detail = cause?.code ?? cause?.message ?? err.message;
        return failure(null, `Could not reach the Pushgateway at ${shown}: ${detail}.`, secrets);
    }
}
/** Pushes every target of the report, one group each, side by side; one result per target, in order. */
async function pushReportMetrics(report, options) {
    const { job, location } = options;
    return Promise.all(report.targets.map(async (target) => {
        let body;
        try {
            body = renderMetrics(report, target, { job, location });
        }
        catch (err) {
            // Never throws, even on a bug here: the push is a side channel, the verdict must stand.
            const error = `Could not write the metrics of ${target.name}: ${err.message}`;
            return { target: target.name, result: { ok: false, status: null, error } };
        }
        return {
            target: target.name,
            result: await pushMetrics({ ...options, grouping: { target: target.name, location }, body }),
        };
    }));
}


/***/ })

};
