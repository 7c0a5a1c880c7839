export const id = 995;
export const ids = [995];
export const modules = {

/***/ 7995:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zi: () => (/* binding */ judgeAgainstHistory),
/* harmony export */   _h: () => (/* binding */ previousIdentity)
/* harmony export */ });
/* unused harmony exports MIN_BASELINE_RUNS, regressionFindings, identityChange, identityText */
/* harmony import */ var _status_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5565);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5799);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(505);



/** Earlier runs the 7-day baseline needs before a burst is judged against it. */
const MIN_BASELINE_RUNS = 5;
const ms = (v) => `${Math.round(v)} ms`;
/** A burst against the target's own past: breaches above the limits, notes when it cannot be judged. Pure. */
function regressionFindings(target, state, limits, t) {
    const breaches = [];
    const notes = [];
    const p = target.stats.latency.thresholdPercentile;
    const checks = [
        ['latency', target.stats.latency.atThreshold, 'atP', 'latency', 'latency-regression'],
        ['ttft', target.stats.ttft.atThreshold, 'ttftAtP', 'TTFT', 'ttft-regression'],
    ];
    for (const [key, figure, field, word, kind] of checks) {
        const limit = limits[key];
        if (limit === null || figure === null)
            continue;
        const base = state ? (0,_state_js__WEBPACK_IMPORTED_MODULE_2__/* .baseline */ ._Z)(state, t, field) : { n: 0, median: null };
        if (base.n < MIN_BASELINE_RUNS || base.median === null) {
            notes.push(`${word} p${p} not judged against its own past: the 7-day baseline has ${base.n} earlier run(s), it needs ${MIN_BASELINE_RUNS}`);
            continue;
        }
        const bound = base.median * (1 + limit / 100);
        if (figure > bound) {
            const above = ((figure / base.median - 1) * 100).toFixed(0);
            breaches.push({
                kind,
                figure,
                limit: bound,
                text: `${word} p${p} ${ms(figure)} is ${above}% above its 7-day median ${ms(base.median)} (n=${base.n} runs; max-${key}-regression ${limit}%)`,
            });
        }
    }
    return { breaches, notes };
}
/**
 * The identity the target last answered with: the newest record's, or, when that run got no answer (a
 * down run names no model), the identity seen most recently. Pure.
 */
function previousIdentity(state) {
    const last = state?.last;
    if (last && (last.model !== null || last.fingerprint !== null))
        return { model: last.model, fingerprint: last.fingerprint };
    const newest = [...(state?.identities ?? [])].sort((a, b) => b.lastSeen - a.lastSeen)[0];
    return newest ? { model: newest.model, fingerprint: newest.fingerprint } : null;
}
/** The model name or fingerprint the burst mostly answered with, against the previous answer's. Pure. */
function identityChange(target, report, state) {
    const last = previousIdentity(state);
    if (!last)
        return null;
    const now = (0,_record_js__WEBPACK_IMPORTED_MODULE_1__/* .recordOf */ .zv)(report, target);
    if (now.model === null && now.fingerprint === null)
        return null;
    if (now.model === last.model && now.fingerprint === last.fingerprint)
        return null;
    // A fingerprint the server stopped sending is not a change of model.
    if (now.model === last.model && now.fingerprint === null)
        return null;
    return {
        target: target.name,
        from: { model: last.model, fingerprint: last.fingerprint },
        to: { model: now.model, fingerprint: now.fingerprint },
    };
}
function identityText(change) {
    const parts = [];
    if (change.from.model !== change.to.model)
        parts.push(`model ${change.from.model ?? '(none)'} → ${change.to.model ?? '(none)'}`);
    if (change.from.fingerprint !== change.to.fingerprint)
        parts.push(`system_fingerprint ${change.from.fingerprint ?? '(none)'} → ${change.to.fingerprint ?? '(none)'}`);
    return `the model's identity changed since the previous run: ${parts.join(', ')}`;
}
/**
 * The report judged against each target's past: regression breaches (degraded), identity changes and
 * "not judged" as notes (the summary and the tracking issue show notes), status and failure recomputed.
 * Pure.
 */
function judgeAgainstHistory(report, states, limits) {
    const t = Date.parse(report.startedAt);
    const changes = [];
    const targets = report.targets.map((target) => {
        const state = states.get(target.name);
        const found = regressionFindings(target, state, limits, t);
        const change = identityChange(target, report, state);
        if (change)
            changes.push(change);
        const notes = [...target.verdict.notes, ...found.notes, ...(change ? [identityText(change)] : [])];
        const breaches = [...target.verdict.breaches, ...found.breaches];
        const status = (0,_status_js__WEBPACK_IMPORTED_MODULE_0__/* .worstStatus */ .A4)([target.status, found.breaches.length > 0 ? 'degraded' : 'up']);
        return { ...target, status, verdict: { ...target.verdict, status, breaches, notes } };
    });
    const status = (0,_status_js__WEBPACK_IMPORTED_MODULE_0__/* .worstStatus */ .A4)(targets.map((x) => x.status));
    return {
        report: {
            ...report,
            targets,
            status,
            breached: targets.some((x) => x.verdict.breaches.length > 0),
            failed: (0,_status_js__WEBPACK_IMPORTED_MODULE_0__/* .reachesFailOn */ .n9)(status, report.settings.failOn),
        },
        changes,
    };
}


/***/ }),

/***/ 5799:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IK: () => (/* binding */ recordLine),
/* harmony export */   M$: () => (/* binding */ recordsOf),
/* harmony export */   X2: () => (/* binding */ RecordSchema),
/* harmony export */   tF: () => (/* binding */ slugOf),
/* harmony export */   uk: () => (/* binding */ parseRecordLines),
/* harmony export */   zv: () => (/* binding */ recordOf)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9691);
/* harmony import */ var _probe_result_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3017);
/* harmony import */ var _status_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5565);



const text = (max) => zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().max(max);
const figure = zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().finite().nullable();
const RecordSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    t: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/),
    target: text(500),
    location: text(500).nullable(),
    status: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(_status_js__WEBPACK_IMPORTED_MODULE_0__/* .STATUSES */ .f),
    counts: zod__WEBPACK_IMPORTED_MODULE_1__/* .partialRecord */ .jgl(zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(_probe_result_js__WEBPACK_IMPORTED_MODULE_2__/* .CATEGORIES */ .R), zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(0).max(1_000_000)),
    successRate: figure,
    p50: figure,
    p95: figure,
    atP: figure,
    ttftP50: figure,
    ttftP95: figure,
    ttftAtP: figure,
    tps: figure,
    model: text(500).nullable(),
    fingerprint: text(500).nullable(),
    identities: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ model: text(500).nullable(), fingerprint: text(500).nullable() })).max(20),
    runUrl: text(2000).nullable(),
    issue: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(0).nullable(),
    maintenance: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY(),
    locations: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ location: text(500), status: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(_status_js__WEBPACK_IMPORTED_MODULE_0__/* .STATUSES */ .f) })).max(100),
});
const round = (v) => (v === null ? null : Math.round(v * 10) / 10);
/** The identity most checks of the burst reported. */
function mainIdentity(t) {
    const top = [...t.stats.identities].sort((a, b) => b.checks - a.checks)[0];
    return { model: top?.model ?? null, fingerprint: top?.systemFingerprint ?? null };
}
/** A report's target as a record. Pure. `maintenance` is read when the report carries it. */
function recordOf(report, target) {
    const s = target.stats;
    const counts = {};
    for (const c of _probe_result_js__WEBPACK_IMPORTED_MODULE_2__/* .CATEGORIES */ .R)
        if (s.byCategory[c] > 0)
            counts[c] = s.byCategory[c];
    const main = mainIdentity(target);
    const maintenance = target.maintenance;
    return {
        t: report.startedAt,
        target: target.name,
        location: report.location,
        status: target.status,
        counts,
        successRate: round(s.successRate),
        p50: round(s.latency.p50),
        p95: round(s.latency.p95),
        atP: round(s.latency.atThreshold),
        ttftP50: round(s.ttft.p50),
        ttftP95: round(s.ttft.p95),
        ttftAtP: round(s.ttft.atThreshold),
        tps: round(s.tokensPerSecond),
        model: main.model,
        fingerprint: main.fingerprint,
        identities: s.identities.slice(0, 20).map((i) => ({ model: i.model, fingerprint: i.systemFingerprint })),
        runUrl: report.run.url,
        issue: target.issue?.number ?? null,
        maintenance: maintenance !== undefined && maintenance !== null,
        locations: (target.locations ?? [])
            .slice(0, 100)
            .map((l) => ({ location: l.location, status: l.status })),
    };
}
/** The run's records, one per target. Pure. */
function recordsOf(report) {
    return report.targets.map((t) => recordOf(report, t));
}
/** `Alpha One` → `alpha-one`: lower case, each run of other characters one `-`. */
function slugOf(name) {
    const slug = name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
    return slug === '' ? 'target' : slug.slice(0, 80);
}
const FIGURES = ['successRate', 'p50', 'p95', 'atP', 'ttftP50', 'ttftP95', 'ttftAtP', 'tps'];
const mainOnly = (r) => r.model === null && r.fingerprint === null ? [] : [{ model: r.model, fingerprint: r.fingerprint }];
/**
 * A record as an hour file's line: the fields at their usual value left out (no figure, no issue, not
 * in maintenance, no locations, the identities just the main one). `parseRecordLines` puts them back.
 */
function recordLine(r) {
    const out = { ...r };
    for (const k of [...FIGURES, 'model', 'fingerprint', 'runUrl', 'issue', 'location'])
        if (out[k] === null)
            delete out[k];
    if (!r.maintenance)
        delete out.maintenance;
    if (r.locations.length === 0)
        delete out.locations;
    if (JSON.stringify(r.identities) === JSON.stringify(mainOnly(r)))
        delete out.identities;
    return JSON.stringify(out);
}
function withDefaults(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return value;
    const v = { ...value };
    for (const k of [...FIGURES, 'model', 'fingerprint', 'runUrl', 'issue', 'location'])
        v[k] ??= null;
    v.maintenance ??= false;
    v.locations ??= [];
    v.counts ??= {};
    if (v.identities === undefined)
        v.identities =
            v.model === null && v.fingerprint === null ? [] : [{ model: v.model, fingerprint: v.fingerprint }];
    return v;
}
/** Lines read before, and what they gave: each run reads the lines of the runs before it in the hour. */
const lineCache = new Map();
/** JSON lines → the records that pass the schema, and how many lines did not. Pure. */
function parseRecordLines(text) {
    const records = [];
    let damaged = 0;
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            continue;
        let record = lineCache.get(line);
        if (record === undefined) {
            try {
                const parsed = RecordSchema.safeParse(withDefaults(JSON.parse(line)));
                record = parsed.success ? parsed.data : null;
            }
            catch {
                record = null;
            }
            if (lineCache.size >= 4096)
                lineCache.clear();
            lineCache.set(line, record);
        }
        if (record)
            records.push(record);
        else
            damaged++;
    }
    return { records, damaged };
}


/***/ }),

/***/ 505:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $1: () => (/* binding */ addRecord),
/* harmony export */   C0: () => (/* binding */ errorBudget),
/* harmony export */   Fu: () => (/* binding */ stateUptimeByRuns),
/* harmony export */   Jy: () => (/* binding */ stateSchema),
/* harmony export */   QZ: () => (/* binding */ addSealed),
/* harmony export */   _Z: () => (/* binding */ baseline),
/* harmony export */   aH: () => (/* binding */ persisted),
/* harmony export */   bW: () => (/* binding */ uptimeOver),
/* harmony export */   gF: () => (/* binding */ p95sOver),
/* harmony export */   iQ: () => (/* binding */ HOUR_MS),
/* harmony export */   od: () => (/* binding */ seal),
/* harmony export */   p$: () => (/* binding */ emptyState),
/* harmony export */   qk: () => (/* binding */ pointOf),
/* harmony export */   sO: () => (/* binding */ DAY_MS),
/* harmony export */   yV: () => (/* binding */ RUN_CAP_MS)
/* harmony export */ });
/* unused harmony exports BASELINE_MS, HOURS_KEPT, DAYS_KEPT, INCIDENTS_KEPT, IDENTITIES_KEPT, median, coverage, uptime, uptimeByRuns, SLO_WINDOW_MS */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9691);

/**
 * A target's memory, kept as one JSON line in history/state.jsonl: rollups only. Hourly rows for 31
 * days and daily rows for 400 days (Gatus's shape: rows of time totals), its incidents and the
 * identities it answered with, all up to `sealed`, an hour boundary. The runs from `sealed` on are
 * not in the line: they are in the hour files (history/runs/…), read back into `recent` by every run,
 * and folded into the rows by the first run of the next hour (`seal`), which is then the only run of
 * the hour that rewrites the line. All pure: records in, state out.
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A run stands for at most this long; past it, the gap is "no data" (GitHub drops and delays runs). */
const RUN_CAP_MS = 30 * 60_000;
/** The regression baseline's window; hour rows keep their runs' judged figures this long. */
const BASELINE_MS = 7 * DAY_MS;
const HOURS_KEPT = 31 * 24;
const DAYS_KEPT = 400;
const INCIDENTS_KEPT = 200;
const IDENTITIES_KEPT = 50;
const ms = zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().finite();
const nfig = zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().finite().nullable();
const status = zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['up', 'degraded', 'down']);
const rowSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    t: ms,
    up: ms.min(0),
    deg: ms.min(0),
    down: ms.min(0),
    maint: ms.min(0),
    gap: ms.min(0),
    runs: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(0),
    p50: nfig,
    p95: nfig,
    ttft: nfig,
    nd: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(0).optional(),
    nm: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(0).optional(),
    a: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(ms).max(10_000).optional(),
    f: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(ms).max(10_000).optional(),
    q: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(ms).max(10_000).optional(),
});
const pointSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    t: ms,
    s: status,
    m: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    loc: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().max(500).nullable(),
    p50: nfig,
    p95: nfig,
    atP: nfig,
    ttft: nfig,
    ttftAtP: nfig,
});
/**
 * A line of state.jsonl. `recent` is absent from the lines this version writes; a line written before
 * (a week of runs inline, no `sealed`) is read and folded into the rows by the next run.
 */
function stateSchema(recordSchema) {
    return zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        target: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().max(500),
        last: recordSchema.nullable(),
        sealed: ms.nullable().optional(),
        tail: pointSchema.nullable().optional(),
        recent: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(pointSchema).max(100_000).optional(),
        hours: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(rowSchema).max(HOURS_KEPT + 48),
        days: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(rowSchema).max(DAYS_KEPT + 2),
        incidents: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
            start: ms,
            end: ms.nullable(),
            issue: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(0).nullable(),
            runUrl: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().max(2000).nullable(),
        }))
            .max(INCIDENTS_KEPT + 10),
        identities: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
            model: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().max(500).nullable(),
            fingerprint: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().max(500).nullable(),
            firstSeen: ms,
            lastSeen: ms,
        }))
            .max(IDENTITIES_KEPT + 20),
    })
        .transform((line) => {
        const recent = [...(line.recent ?? [])].sort((a, b) => a.t - b.t);
        const state = { ...line, sealed: line.sealed ?? null, tail: line.tail ?? null, recent };
        if (line.sealed === undefined && recent.length > 0) {
            // The earlier format: its rows already hold the week of runs inline. Keep the rows before the
            // week; the week's runs are folded again by the next seal.
            const hour = Math.floor(recent[0].t / HOUR_MS) * HOUR_MS;
            const day = Math.floor(recent[0].t / DAY_MS) * DAY_MS;
            state.hours = state.hours.filter((r) => r.t < hour);
            state.days = state.days.filter((r) => r.t < day);
        }
        return state;
    });
}
const emptyState = (target) => ({
    target,
    last: null,
    sealed: null,
    tail: null,
    recent: [],
    hours: [],
    days: [],
    incidents: [],
    identities: [],
});
/** The line as state.jsonl keeps it: everything but the runs from `sealed` on (the hour files hold them). */
function persisted(state) {
    const { recent: _recent, ...line } = state;
    return line;
}
function median(values) {
    if (values.length === 0)
        return null;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const roundedMedian = (values) => {
    const m = median(values);
    return m === null ? null : Math.round(m);
};
const emptyRow = (t) => ({
    t,
    up: 0,
    deg: 0,
    down: 0,
    maint: 0,
    gap: 0,
    runs: 0,
    p50: null,
    p95: null,
    ttft: null,
});
const PARTS = ['up', 'deg', 'down', 'maint', 'gap'];
const partOf = (p) => p.m ? 'maint' : p.s === 'up' ? 'up' : p.s === 'degraded' ? 'deg' : 'down';
/** Rows by bucket start, copied on first write so a state read once is never changed under its reader. */
class RowSet {
    byT = new Map();
    copied = new Set();
    touched = new Set();
    constructor(rows) {
        for (const r of rows)
            this.byT.set(r.t, r);
    }
    get(t) {
        return this.byT.get(t);
    }
    edit(t) {
        let row = this.byT.get(t);
        if (!row) {
            row = emptyRow(t);
            this.byT.set(t, row);
            this.copied.add(t);
        }
        else if (!this.copied.has(t)) {
            row = { ...row };
            this.byT.set(t, row);
            this.copied.add(t);
        }
        this.touched.add(t);
        return row;
    }
    rows(keep) {
        return [...this.byT.values()].sort((a, b) => a.t - b.t).slice(-keep);
    }
}
/** Adds `sign × ms` of `part` over [from, to) to the hour rows, split at hour boundaries. */
function attribute(hours, from, to, part, sign) {
    for (let start = from; start < to;) {
        const bucket = Math.floor(start / HOUR_MS) * HOUR_MS;
        const end = Math.min(to, bucket + HOUR_MS);
        const row = hours.edit(bucket);
        row[part] = Math.max(0, row[part] + sign * (end - start));
        start = end;
    }
}
/** The closed interval of `p`, followed by `next`: covered up to the cap, the rest a gap. */
function spanOf(p, next) {
    const coveredEnd = Math.min(next.t, p.t + RUN_CAP_MS);
    return { covered: [p.t, coveredEnd], gap: [coveredEnd, next.t] };
}
function pointOf(r) {
    return {
        t: Date.parse(r.t),
        s: r.status,
        m: r.maintenance,
        loc: r.location,
        p50: r.p50,
        p95: r.p95,
        atP: r.atP,
        ttft: r.ttftP95,
        ttftAtP: r.ttftAtP,
    };
}
const values = (points, pick) => points.flatMap((p) => {
    const v = pick(p);
    return v === null ? [] : [v];
});
/** An hour row's run count, medians, run shares and baseline figures, from all of its hour's runs. */
function setFigures(row, inside, sealedTo) {
    const withBaseline = row.t >= sealedTo - BASELINE_MS - HOUR_MS;
    row.runs = inside.length;
    row.p50 = roundedMedian(values(inside, (p) => p.p50));
    row.p95 = roundedMedian(values(inside, (p) => p.p95));
    row.ttft = roundedMedian(values(inside, (p) => p.ttft));
    row.nd = inside.filter((p) => p.s === 'down' && !p.m).length;
    row.nm = inside.filter((p) => p.m).length;
    if (withBaseline) {
        row.a = values(inside, (p) => p.atP);
        row.f = values(inside, (p) => p.ttftAtP);
    }
    else {
        delete row.a;
        delete row.f;
    }
    if (row.t >= sealedTo - DAY_MS - HOUR_MS)
        row.q = values(inside, (p) => p.p95);
    else
        delete row.q;
}
/** A day row from its hour rows: time parts and runs summed, figures the median of the hours'. */
function dayFromHours(t, hours) {
    const inside = hours.filter((r) => r.t >= t && r.t < t + DAY_MS);
    const row = emptyRow(t);
    for (const h of inside) {
        for (const k of PARTS)
            row[k] += h[k];
        row.runs += h.runs;
        row.nd = (row.nd ?? 0) + (h.nd ?? 0);
        row.nm = (row.nm ?? 0) + (h.nm ?? 0);
    }
    const med = (pick) => roundedMedian(inside.flatMap((r) => (r.runs > 0 && pick(r) !== null ? [pick(r)] : [])));
    row.p50 = med((r) => r.p50);
    row.p95 = med((r) => r.p95);
    row.ttft = med((r) => r.ttft);
    return row;
}
/** Hour rows and the day rows of the days they touched, pruned to what is kept. */
function finishRows(state, hours, sealedTo) {
    const baselineFrom = sealedTo - BASELINE_MS - HOUR_MS;
    const dayFrom = sealedTo - DAY_MS - HOUR_MS;
    state.hours = hours.rows(HOURS_KEPT).map((r) => {
        if (r.t < baselineFrom && r.a !== undefined) {
            const { a: _a, f: _f, ...rest } = r;
            r = rest;
        }
        if (r.t < dayFrom && r.q !== undefined) {
            const { q: _q, ...rest } = r;
            r = rest;
        }
        return r;
    });
    const touchedDays = new Set([...hours.touched].map((t) => Math.floor(t / DAY_MS) * DAY_MS));
    if (touchedDays.size === 0)
        return;
    const days = new Map(state.days.map((d) => [d.t, d]));
    for (const day of touchedDays)
        days.set(day, dayFromHours(day, state.hours));
    state.days = [...days.values()].sort((a, b) => a.t - b.t).slice(-DAYS_KEPT);
}
/**
 * The runs before `to` (an hour boundary) folded into the rows: each run's interval up to the next
 * run (or to the cap) split into hour rows, each hour's figures from all of its runs, its day rebuilt
 * from its hours. The newest of them stays as `tail`: its interval past `to` is counted from the
 * points, and a gap after it is counted once the next run is known. Pure.
 */
function seal(input, to) {
    if (input.sealed !== null && to <= input.sealed)
        return input;
    const from = input.sealed ?? Number.NEGATIVE_INFINITY;
    const folded = input.recent.filter((p) => p.t < to);
    const rest = input.recent.filter((p) => p.t >= to);
    const state = { ...input, sealed: to, recent: rest };
    const hours = new RowSet(input.hours);
    const seq = input.tail ? [input.tail, ...folded] : folded;
    seq.forEach((p, i) => {
        const next = seq[i + 1] ?? rest[0] ?? null;
        const coveredEnd = Math.min(next?.t ?? Number.POSITIVE_INFINITY, p.t + RUN_CAP_MS);
        const lo = p === input.tail ? Math.max(from, p.t) : p.t;
        attribute(hours, lo, Math.min(coveredEnd, to), partOf(p), 1);
        // A gap counts once the run after it is folded too (before that it is not known to end).
        if (next && next.t < to)
            attribute(hours, coveredEnd, next.t, 'gap', 1);
    });
    const byHour = new Map();
    for (const p of folded) {
        const hour = Math.floor(p.t / HOUR_MS) * HOUR_MS;
        byHour.set(hour, [...(byHour.get(hour) ?? []), p]);
    }
    for (const [hour, inside] of byHour)
        setFigures(hours.edit(hour), inside, to);
    if (folded.length > 0)
        state.tail = folded.at(-1);
    finishRows(state, hours, to);
    return state;
}
/**
 * A run older than `sealed` (a concurrent writer sealed its hour first) added to the rows: it changes
 * only [its start, the next run or the cap), which was the run before it's (or a gap); its hour's
 * figures are rebuilt from `hourPoints`, every run of that hour the branch holds (it among them).
 * `near` are the runs within the cap around it (from the hour files). Pure.
 */
function addSealed(input, r, hourPoints, near) {
    const p = pointOf(r);
    const sealed = input.sealed;
    const tail = input.tail;
    const others = [...near, ...input.recent].filter((q) => q.t !== p.t || q.loc !== p.loc);
    const after = others.filter((q) => q.t > p.t).sort((a, b) => a.t - b.t)[0] ?? null;
    const beforeIsTail = tail !== null && tail.t < p.t;
    const before = beforeIsTail ? tail : (others.filter((q) => q.t < p.t).sort((a, b) => b.t - a.t)[0] ?? null);
    const end = Math.min(after?.t ?? Number.POSITIVE_INFINITY, p.t + RUN_CAP_MS, sealed);
    const hours = new RowSet(input.hours);
    if (p.t < end) {
        // What [p.t, end) was: the run before it while within its cap, then a gap (unless it was the tail,
        // whose gap is not counted yet).
        const beforeEnd = before ? Math.min(end, Math.max(p.t, before.t + RUN_CAP_MS)) : p.t;
        if (before)
            attribute(hours, p.t, beforeEnd, partOf(before), -1);
        if (!beforeIsTail)
            attribute(hours, beforeEnd, end, 'gap', -1);
        attribute(hours, p.t, end, partOf(p), 1);
    }
    const hour = Math.floor(p.t / HOUR_MS) * HOUR_MS;
    const inside = [...hourPoints.filter((q) => q.t !== p.t || q.loc !== p.loc), p].sort((a, b) => a.t - b.t);
    setFigures(hours.edit(hour), inside, sealed);
    const state = { ...input, identities: [...input.identities] };
    if (beforeIsTail)
        state.tail = p;
    if (!state.last || Date.parse(state.last.t) < p.t)
        state.last = r;
    noteIdentity(state, r, p.t);
    finishRows(state, hours, sealed);
    return state;
}
/** Incidents (runs in a row that were down) rebuilt over the runs from `sealed` on; older ones kept. */
function rebuildIncidents(state, byTime) {
    const first = state.recent[0]?.t ?? Number.POSITIVE_INFINITY;
    const kept = state.incidents.filter((i) => i.end !== null && i.end < first);
    const carried = state.incidents.find((i) => i.start < first && (i.end === null || i.end >= first));
    const rebuilt = [];
    let open = carried ? { ...carried, end: null } : null;
    for (const p of state.recent) {
        const record = byTime.get(p.t);
        if (p.s === 'down' && !p.m) {
            if (!open)
                open = { start: p.t, end: null, issue: null, runUrl: record?.runUrl ?? null };
            if (record?.issue != null)
                open.issue = record.issue;
        }
        else if (open) {
            rebuilt.push({ ...open, end: p.t });
            open = null;
        }
    }
    if (open)
        rebuilt.push(open);
    // The raw records at hand are only those of the hours read: what an incident learnt before stays.
    for (const incident of rebuilt) {
        const before = state.incidents.find((i) => i.start === incident.start);
        incident.issue ??= before?.issue ?? null;
        incident.runUrl ??= before?.runUrl ?? null;
    }
    state.incidents = [...kept, ...rebuilt].slice(-INCIDENTS_KEPT);
}
function noteIdentity(state, r, t) {
    for (const id of r.identities) {
        const at = state.identities.findIndex((i) => i.model === id.model && i.fingerprint === id.fingerprint);
        const known = state.identities[at];
        if (known)
            state.identities[at] = {
                ...known,
                firstSeen: Math.min(known.firstSeen, t),
                lastSeen: Math.max(known.lastSeen, t),
            };
        else
            state.identities.push({ ...id, firstSeen: t, lastSeen: t });
    }
    state.identities.sort((a, b) => a.firstSeen - b.firstSeen);
    if (state.identities.length > IDENTITIES_KEPT)
        state.identities = [...state.identities]
            .sort((a, b) => b.lastSeen - a.lastSeen)
            .slice(0, IDENTITIES_KEPT);
}
/**
 * The state with one more run from `sealed` on, wherever it falls in time (two writers may land out of
 * order): the runs are kept in time order, and the intervals are counted from them. A record already
 * there (same start and location) changes nothing; one before `sealed` is refused here (`addSealed`
 * takes it, with the hour files around it). `recentByTime` gives the raw records, for incidents' issue
 * numbers and links (optional).
 */
function addRecord(input, r, recentByTime = new Map()) {
    const p = pointOf(r);
    if (input.sealed !== null && p.t < input.sealed)
        return { state: input, outcome: 'too-old' };
    if (input.recent.some((q) => q.t === p.t && q.loc === p.loc))
        return { state: input, outcome: 'duplicate' };
    const recent = [...input.recent];
    const index = recent.findIndex((q) => q.t > p.t);
    const at = index === -1 ? recent.length : index;
    recent.splice(at, 0, p);
    const state = { ...input, recent, identities: [...input.identities] };
    if (index === -1 && (!state.last || Date.parse(state.last.t) <= p.t))
        state.last = r;
    recentByTime.set(p.t, r);
    rebuildIncidents(state, recentByTime);
    noteIdentity(state, r, p.t);
    return { state, outcome: 'added' };
}
/** The time parts of the runs in `points` over [from, to), each run standing until the next (capped). */
function pointsCoverage(points, from, to, sum) {
    const clip = (lo, hi) => Math.max(0, Math.min(to, hi) - Math.max(from, lo));
    points.forEach((p, i) => {
        const next = points[i + 1] ?? { ...p, t: Math.max(p.t, to) };
        const { covered, gap } = spanOf(p, next);
        sum[partOf(p)] += clip(covered[0], covered[1]);
        sum.gap += clip(gap[0], gap[1]);
    });
}
/** The rows' time parts over [from, to) (`to` an hour boundary): daily before the hourly, pro-rated at `from`. */
function rowsCoverage(state, from, to, sum) {
    const hourStart = state.hours[0]?.t ?? to;
    const add = (rows, size, lo, hi) => {
        for (const row of rows) {
            if (row.t + size <= lo || row.t >= hi)
                continue;
            const share = row.t < lo ? (row.t + size - lo) / size : 1;
            for (const k of PARTS)
                sum[k] += row[k] * share;
        }
    };
    const dayEdge = Math.min(to, Math.ceil(hourStart / DAY_MS) * DAY_MS);
    if (from < hourStart)
        add(state.days, DAY_MS, from, dayEdge);
    add(state.hours.filter((r) => r.t >= (from < hourStart ? dayEdge : from - HOUR_MS)), HOUR_MS, from, to);
}
/**
 * The time parts over [from, to): the rows before `sealed` (the row at the window's start pro-rated:
 * exact when the window starts on the hour), then the runs from `sealed` on, exactly, with the
 * interval of the run before them.
 */
function coverage(state, from, to) {
    const sum = { up: 0, deg: 0, down: 0, maint: 0, gap: 0 };
    const sealed = state.sealed;
    if (sealed !== null && from < sealed)
        rowsCoverage(state, from, Math.min(sealed, to), sum);
    const points = state.tail ? [state.tail, ...state.recent] : state.recent;
    pointsCoverage(points, Math.max(from, sealed ?? from), to, sum);
    return sum;
}
/**
 * Uptime in percent: the share of the covered time (no gaps, no maintenance) that runs not `down`
 * covered. Degraded counts as up: the model answered. Null when nothing is covered.
 */
function uptime(c) {
    const covered = c.up + c.deg + c.down;
    return covered === 0 ? null : ((c.up + c.deg) / covered) * 100;
}
function uptimeOver(state, windowMs, now) {
    return uptime(coverage(state, now - windowMs, now));
}
/** Gatus's figure on the same runs: the share of runs (checks) not down, whatever time each stood for. */
function uptimeByRuns(points, from, to) {
    const inside = points.filter((p) => p.t >= from && p.t < to && !p.m);
    return inside.length === 0 ? null : (inside.filter((p) => p.s !== 'down').length / inside.length) * 100;
}
/** Gatus's figure from a state: the hour rows that start inside the window, then the runs from `sealed` on. */
function stateUptimeByRuns(state, from, to) {
    let runs = 0;
    let down = 0;
    for (const row of state.hours) {
        if (row.t < from || state.sealed === null || row.t >= state.sealed || row.t >= to)
            continue;
        runs += row.runs - (row.nm ?? 0);
        down += row.nd ?? 0;
    }
    const inside = state.recent.filter((p) => p.t >= from && p.t < to && !p.m);
    runs += inside.length;
    down += inside.filter((p) => p.s === 'down').length;
    return runs === 0 ? null : ((runs - down) / runs) * 100;
}
const SLO_WINDOW_MS = 30 * DAY_MS;
/** The error budget: (100 − slo)% of a fixed 30-day window; down time in it spends it. Pure. */
function errorBudget(state, slo, now) {
    const budgetMs = ((100 - slo) / 100) * SLO_WINDOW_MS;
    const usedMs = coverage(state, now - SLO_WINDOW_MS, now).down;
    const usedPercent = budgetMs === 0 ? (usedMs > 0 ? 100 : 0) : (usedMs / budgetMs) * 100;
    return { slo, budgetMs, usedMs, usedPercent, leftPercent: 100 - usedPercent };
}
/**
 * The target's own figure over the 7 days before `t`: the median of earlier runs' values, from the
 * hour rows that start inside the 7 days (their runs' figures are kept for it) and the runs since.
 */
function baseline(state, t, key) {
    const from = t - BASELINE_MS;
    const kept = key === 'atP' ? 'a' : 'f';
    const sealed = state.sealed ?? Number.NEGATIVE_INFINITY;
    const found = [];
    for (const row of state.hours)
        if (row.t >= from && row.t + HOUR_MS <= t)
            found.push(...(row[kept] ?? []));
    for (const p of state.recent) {
        const v = p[key];
        if (p.t < t && p.t >= Math.max(from, sealed) && v !== null)
            found.push(v);
    }
    return { n: found.length, median: median(found) };
}
/** Each run's p95 over the last day: the hour rows that start inside it, then the runs from `sealed` on. */
function p95sOver(state, from, to) {
    const sealed = state.sealed ?? Number.NEGATIVE_INFINITY;
    const found = [];
    for (const row of state.hours)
        if (row.t >= from && row.t + HOUR_MS <= to)
            found.push(...(row.q ?? []));
    for (const p of state.recent)
        if (p.t >= Math.max(from, sealed) && p.t < to && p.p95 !== null)
            found.push(p.p95);
    return found;
}


/***/ })

};
