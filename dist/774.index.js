export const id = 774;
export const ids = [774];
export const modules = {

/***/ 9774:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  aggregateReports: () => (/* binding */ aggregateReports),
  majority: () => (/* binding */ majority),
  quorumStatus: () => (/* binding */ quorumStatus)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/probe/loop-delay.ts
var loop_delay = __webpack_require__(3816);
// EXTERNAL MODULE: ./src/report/model.ts
var model = __webpack_require__(6867);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
// EXTERNAL MODULE: ./src/config/types.ts
var types = __webpack_require__(2143);
// EXTERNAL MODULE: ./src/probe/classify.ts
var classify = __webpack_require__(7530);
// EXTERNAL MODULE: ./src/probe/gateway.ts
var gateway = __webpack_require__(8732);
// EXTERNAL MODULE: ./src/probe/result.ts
var result = __webpack_require__(3017);
// EXTERNAL MODULE: ./src/status.ts
var src_status = __webpack_require__(5565);
;// CONCATENATED MODULE: ./src/report/schema.ts







/**
 * The report as a schema, for reading one back (aggregate mode): a file is untrusted, so every field
 * is checked for its type and bounded in length before anything renders it. Typed against the
 * report model, so the two cannot drift apart.
 */
/** Text fields: names and ids are short; error texts and replies were bounded when written. */
const schema_text = (max) => schemas/* string */.YjP().max(max);
const nullableText = (max) => schema_text(max).nullable();
/** A time as the report writes it (ISO 8601); aggregation does arithmetic on it. */
const time = schemas/* string */.YjP()
    .max(40)
    .refine((t) => !Number.isNaN(Date.parse(t)), 'expected an ISO 8601 time');
const count = schemas/* number */.aig().int().min(0).max(1_000_000_000);
const figure = schemas/* number */.aig().finite();
const nullableFigure = figure.nullable();
const thresholds = schemas/* object */.Ikc({
    minSuccessRate: figure.min(0).max(100),
    maxLatencyMs: nullableFigure,
    maxTtftMs: nullableFigure,
    latencyPercentile: figure.min(1).max(100),
    confidence: nullableFigure,
});
const distribution = schemas/* object */.Ikc({
    n: count,
    p50: nullableFigure,
    p95: nullableFigure,
    p99: nullableFigure,
    atThreshold: nullableFigure,
    thresholdPercentile: figure,
});
const byCategory = schemas/* object */.Ikc(Object.fromEntries(result/* CATEGORIES */.R.map((c) => [c, count])));
/** Reports written before gateways were read have no gateway fields: they read as null. */
const gatewayCounts = schemas/* object */.Ikc({
    names: schemas/* array */.YOg(schemas/* enum */.k5n(gateway/* GATEWAYS */.it)).max(gateway/* GATEWAYS */.it.length),
    seen: count,
    retriesReported: count,
    retried: count,
    retries: count,
    exhausted: count,
    fellBack: count,
    cached: count,
    rescued: count,
});
const gatewaySeen = schemas/* object */.Ikc({
    name: schemas/* enum */.k5n(gateway/* GATEWAYS */.it),
    retries: count.nullable(),
    retriesExhausted: schemas/* boolean */.zMY(),
    fellBack: schemas/* boolean */.zMY().nullable(),
    cacheHit: schemas/* boolean */.zMY().nullable(),
});
/** Per-phase timings (src/probe/phases.ts); reports written before phases were recorded have none. */
const checkPhases = schemas/* object */.Ikc({
    connection: schemas/* enum */.k5n(['new', 'reused']),
    queueMs: figure,
    dnsMs: figure.optional(),
    connectMs: figure.optional(),
    tlsMs: figure.optional(),
    sendMs: figure,
    waitMs: nullableFigure,
    firstTokenMs: figure.optional(),
    transferMs: figure.optional(),
});
const phaseFigure = schemas/* object */.Ikc({ n: count, p50: nullableFigure, atThreshold: nullableFigure });
const phaseStats = schemas/* object */.Ikc({
    newConnections: count,
    reusedConnections: count,
    network: phaseFigure,
    dns: phaseFigure,
    connect: phaseFigure,
    tls: phaseFigure,
    queue: phaseFigure,
    toHeaders: phaseFigure,
    firstToken: phaseFigure,
    transfer: phaseFigure,
});
const networkDetail = schemas/* object */.Ikc({
    kind: schemas/* enum */.k5n(classify/* NETWORK_KINDS */.LH),
    certificateExpiry: schema_text(100).optional(),
});
const stats = schemas/* object */.Ikc({
    checks: count,
    judged: count,
    successes: count,
    successRate: nullableFigure,
    rateLimited: count,
    byCategory,
    latency: distribution,
    ttft: distribution,
    tokensPerSecond: nullableFigure,
    tokensPerSecondN: count,
    identities: schemas/* array */.YOg(schemas/* object */.Ikc({ model: nullableText(500), systemFingerprint: nullableText(500), checks: count }))
        .max(10_000),
    gateway: gatewayCounts.nullable().default(null),
    phases: phaseStats.nullable().optional(),
});
const verdict = schemas/* object */.Ikc({
    status: schemas/* enum */.k5n(src_status/* STATUSES */.f),
    breaches: schemas/* array */.YOg(schemas/* object */.Ikc({
        kind: schemas/* enum */.k5n([
            'success-rate',
            'latency',
            'ttft',
            'all-rate-limited',
            'all-cached',
            'gateway-retries',
            'locations',
            'latency-regression',
            'ttft-regression',
        ]),
        figure: nullableFigure,
        limit: nullableFigure,
        text: schema_text(2000),
    }))
        .max(100),
    notes: schemas/* array */.YOg(schema_text(2000)).max(100),
});
const check = schemas/* object */.Ikc({
    index: count,
    category: schemas/* enum */.k5n(result/* CATEGORIES */.R),
    startedAt: time,
    startDelayMs: figure,
    latencyMs: figure,
    ttftMs: nullableFigure,
    phases: checkPhases.nullable().optional(),
    outputTokens: nullableFigure,
    promptTokens: nullableFigure.optional(),
    reasoningTokens: nullableFigure.optional(),
    tokensFromServer: schemas/* boolean */.zMY(),
    tokensPerSecond: nullableFigure,
    speedNote: nullableText(2000).optional(),
    notes: schemas/* array */.YOg(schema_text(2000)).max(100).optional(),
    httpStatus: schemas/* number */.aig().int().min(100).max(999).nullable(),
    errorCode: nullableText(500),
    finishReason: nullableText(500),
    model: nullableText(500),
    systemFingerprint: nullableText(500),
    requestId: nullableText(500),
    gateway: gatewaySeen.nullable().default(null),
    retryAfter: nullableText(500),
    network: networkDetail.nullable().optional(),
    error: nullableText(2000),
    reply: nullableText(2000),
    kind: schemas/* enum */.k5n(types/* KINDS */.GW).optional(),
    dimensions: count.nullable().optional(),
});
const issue = schemas/* object */.Ikc({
    action: schemas/* enum */.k5n(['opened', 'updated', 'closed', 'reopened', 'none']),
    number: count.nullable(),
    url: nullableText(500),
});
const locationView = schemas/* object */.Ikc({
    location: schema_text(500),
    status: schemas/* enum */.k5n(src_status/* STATUSES */.f),
    successRate: nullableFigure,
    latencyP95: nullableFigure,
    checks: count,
    breaches: schemas/* array */.YOg(schema_text(2000)).max(100),
});
const tokens = schemas/* object */.Ikc({ prompt: count, completion: count, reasoning: count, checksReported: count });
const maintenance = schemas/* object */.Ikc({
    source: schemas/* enum */.k5n(['input', 'issue']),
    start: schema_text(40),
    end: schema_text(40),
    issueNumber: count.nullable(),
    issueUrl: nullableText(2000),
});
const target = schemas/* object */.Ikc({
    name: schema_text(500),
    model: schema_text(500),
    baseUrl: schema_text(2000),
    apiKeySource: schema_text(500),
    prompt: schema_text(10_000),
    expect: nullableText(10_000),
    maxTokens: count,
    kind: schemas/* enum */.k5n(types/* KINDS */.GW).optional(),
    modelListing: schemas/* object */.Ikc({
        listed: schemas/* boolean */.zMY().nullable(),
        shutdownDate: nullableText(10),
        error: nullableText(2000),
    })
        .optional(),
    thresholds,
    status: schemas/* enum */.k5n(src_status/* STATUSES */.f),
    verdict,
    stats,
    checks: schemas/* array */.YOg(check).max(1000),
    issue: issue.nullable(),
    locations: schemas/* array */.YOg(locationView).max(1000).optional(),
    maintenance: maintenance.nullable().optional(),
    tokens: tokens.optional(),
    cost: nullableFigure.optional(),
});
const ReportSchema = schemas/* object */.Ikc({
    schemaVersion: schemas/* literal */.euz(model/* SCHEMA_VERSION */.f),
    tool: schemas/* object */.Ikc({ name: schemas/* literal */.euz('llm-heartbeat'), version: schema_text(100) }),
    startedAt: time,
    finishedAt: time,
    durationMs: figure,
    location: nullableText(500),
    run: schemas/* object */.Ikc({
        repository: nullableText(500),
        workflow: nullableText(500),
        runId: nullableText(100),
        runAttempt: nullableText(100),
        url: nullableText(2000),
        sha: nullableText(100),
        ref: nullableText(500),
    }),
    loopDelay: schemas/* object */.Ikc({ p50Ms: figure.min(0), p99Ms: figure.min(0), maxMs: figure.min(0), samples: count })
        .nullable()
        .optional(),
    settings: schemas/* object */.Ikc({
        checks: count,
        intervalMs: figure,
        concurrency: count,
        timeoutMs: figure,
        idleTimeoutMs: figure,
        stream: schemas/* boolean */.zMY(),
        rateLimitPolicy: schemas/* enum */.k5n(['exclude', 'failure']),
        failOn: schemas/* enum */.k5n(src_status/* FAIL_ON */.d$),
    }),
    status: schemas/* enum */.k5n(src_status/* STATUSES */.f),
    breached: schemas/* boolean */.zMY(),
    failed: schemas/* boolean */.zMY(),
    targets: schemas/* array */.YOg(target).max(1000),
    trackerWarnings: schemas/* array */.YOg(schema_text(2000)).max(1000),
    tokens: tokens.optional(),
    cost: nullableFigure.optional(),
    notifications: schemas/* array */.YOg(schema_text(2000)).max(1000).optional(),
});
/** Where a report breaks the schema, for an error a person can act on: the field, and what it holds. */
function schemaProblem(error, content) {
    const first = error.issues[0];
    if (!first)
        return 'it does not match the report schema';
    const where = first.path.reduce((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
    let value = content;
    for (const key of first.path)
        value = value?.[key];
    const shown = value === undefined ? 'missing' : `${JSON.stringify(value)?.slice(0, 60) ?? String(value)}`;
    return `field ${where || '(the whole file)'} is ${shown}: ${first.message}`;
}

// EXTERNAL MODULE: ./src/stats.ts
var src_stats = __webpack_require__(9176);
;// CONCATENATED MODULE: ./src/aggregate.ts






/** The default quorum: a strict majority of the locations that reported the target. */
function majority(locations) {
    return Math.floor(locations / 2) + 1;
}
function validReport(file) {
    const report = file.content;
    if (report === null || typeof report !== 'object' || report.tool?.name !== 'llm-heartbeat') {
        throw new errors/* ReportMergeError */.Zg(`${file.path} is not an llm-heartbeat report: expected the JSON written by report-file.`);
    }
    if (report.schemaVersion !== model/* SCHEMA_VERSION */.f) {
        throw new errors/* ReportMergeError */.Zg(`${file.path} has schemaVersion ${JSON.stringify(report.schemaVersion)}: expected ${model/* SCHEMA_VERSION */.f} (run the same llm-heartbeat version in every probe job).`);
    }
    if (!Array.isArray(report.targets)) {
        throw new errors/* ReportMergeError */.Zg(`${file.path} has no targets list: expected the JSON written by report-file.`);
    }
    // The file is untrusted (another job wrote it, or a person edited it): every field is checked.
    const parsed = ReportSchema.safeParse(file.content);
    if (!parsed.success) {
        throw new errors/* ReportMergeError */.Zg(`${file.path} is a damaged report (${schemaProblem(parsed.error, file.content)}): expected the JSON written by report-file.`);
    }
    return parsed.data;
}
/** The status a target has overall: down when `quorum` locations saw it down, degraded when that many saw it unhealthy. */
function quorumStatus(statuses, quorum) {
    const atLeast = (s) => statuses.filter((x) => (0,src_status/* severity */.yf)(x) >= (0,src_status/* severity */.yf)(s)).length;
    if (atLeast('down') >= quorum)
        return 'down';
    if (atLeast('degraded') >= quorum)
        return 'degraded';
    return 'up';
}
function mergeTarget(views, minFailing) {
    const first = views[0].target;
    const quorum = Math.min(minFailing ?? majority(views.length), views.length);
    const locations = views.map(({ location, target }) => ({
        location,
        status: target.status,
        successRate: target.stats.successRate,
        latencyP95: target.stats.latency.p95,
        checks: target.stats.checks,
        breaches: target.verdict.breaches.map((b) => b.text),
    }));
    const status = quorumStatus(locations.map((l) => l.status), quorum);
    const unhealthy = locations.filter((l) => l.status !== 'up');
    const checks = views.flatMap((v) => v.target.checks);
    const stats = (0,src_stats/* computeStats */.bV)(checks, {
        rateLimitPolicy: 'exclude',
        latencyPercentile: first.thresholds.latencyPercentile,
    });
    // Pooled figures may not be right about rate-limit policy per job; the per-location ones are.
    stats.successRate = pooledSuccessRate(views.map((v) => v.target));
    const breaches = status === 'up'
        ? []
        : [
            {
                kind: 'locations',
                figure: unhealthy.length,
                limit: quorum,
                text: `${status} at ${unhealthy.filter((l) => (0,src_status/* severity */.yf)(l.status) >= (0,src_status/* severity */.yf)(status)).length} of ${locations.length} locations (quorum ${quorum}): ${unhealthy
                    .map((l) => `${l.location} ${l.status}`)
                    .join(', ')}`,
            },
        ];
    const notes = unhealthy.length > 0 && unhealthy.length < locations.length
        ? [`the locations disagree: ${unhealthy.length} of ${locations.length} saw it unhealthy`]
        : [];
    if (minFailing !== null && minFailing > views.length) {
        notes.push(`only ${views.length} locations reported it, fewer than min-failing-locations ${minFailing}`);
    }
    return { ...first, status, verdict: { status, breaches, notes }, stats, checks, issue: null, locations };
}
function pooledSuccessRate(targets) {
    const judged = targets.reduce((n, t) => n + t.stats.judged, 0);
    const ok = targets.reduce((n, t) => n + t.stats.successes, 0);
    return judged === 0 ? null : (ok / judged) * 100;
}
/**
 * Merges the reports of a matrix of probe jobs into one report: per target, the status the
 * quorum of locations agrees on (so one runner's bad network does not make a target down),
 * pooled figures, and every location's own view.
 */
function aggregateReports(files, options) {
    if (files.length === 0) {
        throw new errors/* ReportMergeError */.Zg(`Input "reports" is ${JSON.stringify(options.pattern)}, which matched no file: expected the JSON reports of the probe jobs (download them with actions/download-artifact first).`);
    }
    const reports = files.map((file) => ({ file, report: validReport(file) }));
    const seen = new Map();
    for (const { file, report } of reports) {
        const location = report.location ?? file.path;
        const earlier = seen.get(location);
        if (earlier) {
            throw new errors/* ReportMergeError */.Zg(`${file.path} and ${earlier} are both from location ${JSON.stringify(location)}: expected one report per location (set a distinct location input in each probe job).`);
        }
        seen.set(location, file.path);
    }
    const byTarget = new Map();
    for (const { file, report } of reports) {
        for (const target of report.targets) {
            const views = byTarget.get(target.name) ?? [];
            views.push({ location: report.location ?? file.path, target });
            byTarget.set(target.name, views);
        }
    }
    const targets = [...byTarget.values()].map((views) => mergeTarget(views, options.minFailingLocations));
    const status = (0,src_status/* worstStatus */.A4)(targets.map((t) => t.status));
    const first = reports[0].report;
    const started = Math.min(...reports.map((r) => Date.parse(r.report.startedAt)));
    const finished = Math.max(...reports.map((r) => Date.parse(r.report.finishedAt)));
    return {
        ...first,
        run: options.run,
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date(finished).toISOString(),
        durationMs: finished - started,
        location: `${reports.length} locations: ${reports.map((r) => r.report.location ?? r.file.path).join(', ')}`,
        loopDelay: (0,loop_delay/* worstLoopDelay */.XH)(reports.map((r) => r.report.loopDelay)),
        settings: { ...first.settings, failOn: options.failOn },
        status,
        breached: targets.some((t) => t.verdict.breaches.length > 0),
        failed: (0,src_status/* reachesFailOn */.n9)(status, options.failOn),
        targets,
        trackerWarnings: [],
    };
}


/***/ })

};
