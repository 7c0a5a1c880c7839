export const id = 801;
export const ids = [801];
export const modules = {

/***/ 3801:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  judgeWithHistory: () => (/* binding */ judgeWithHistory),
  openHistory: () => (/* binding */ openHistory),
  recordHistory: () => (/* binding */ recordHistory)
});

// EXTERNAL MODULE: ./src/history/judge.ts
var judge = __webpack_require__(7995);
// EXTERNAL MODULE: ./src/history/record.ts
var record = __webpack_require__(5799);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(4285);
// EXTERNAL MODULE: ./src/history/state.ts
var history_state = __webpack_require__(505);
;// CONCATENATED MODULE: ./src/history/summary.ts



function targetHistory(state, now, slo) {
    const trend = [];
    for (let i = 6; i >= 0; i--) {
        const day = Math.floor(now / history_state/* DAY_MS */.sO) * history_state/* DAY_MS */.sO - i * history_state/* DAY_MS */.sO;
        const row = state.days.find((d) => d.t === day);
        trend.push({
            day: new Date(day).toISOString().slice(5, 10),
            p95: row?.p95 ?? null,
            ttft: row?.ttft ?? null,
        });
    }
    return {
        target: state.target,
        uptime24h: (0,history_state/* uptimeOver */.bW)(state, history_state/* DAY_MS */.sO, now),
        uptime7d: (0,history_state/* uptimeOver */.bW)(state, 7 * history_state/* DAY_MS */.sO, now),
        uptime30d: (0,history_state/* uptimeOver */.bW)(state, 30 * history_state/* DAY_MS */.sO, now),
        incidents7d: state.incidents.filter((i) => (i.end ?? now) >= now - 7 * history_state/* DAY_MS */.sO).length,
        budget: slo === null ? null : (0,history_state/* errorBudget */.C0)(state, slo, now),
        trend,
    };
}
function historyOutputs(h) {
    if (!h)
        return null;
    return {
        uptime24h: h.uptime24h,
        uptime7d: h.uptime7d,
        uptime30d: h.uptime30d,
        sloBudgetLeft: h.budget?.leftPercent ?? null,
    };
}
const pct = (v) => (v === null ? 'no data' : `${(Math.floor(v * 100) / 100).toFixed(2)}%`);
function duration(msValue) {
    const m = Math.round(msValue / 60_000);
    const h = Math.floor(m / 60);
    const d = Math.floor(h / 24);
    if (d > 0)
        return `${d} d ${h % 24} h`;
    return h > 0 ? `${h} h ${m % 60} m` : `${m} m`;
}
function budgetText(b) {
    return `error budget: ${Math.round(b.usedPercent)}% used (${duration(b.usedMs)} of ${duration(b.budgetMs)} in 30 days, SLO ${b.slo}%)`;
}
/** The plain line (CLI and summary alike): uptime 24 h / 7 d / 30 d, incidents, budget. */
function historyLine(h) {
    const parts = [
        `uptime 24 h ${pct(h.uptime24h)} · 7 d ${pct(h.uptime7d)} · 30 d ${pct(h.uptime30d)}`,
        `${h.incidents7d} incident(s) in 7 d`,
    ];
    if (h.budget)
        parts.push(budgetText(h.budget));
    return parts.join(' · ');
}
function trendChart(h) {
    const days = h.trend.filter((d) => d.p95 !== null);
    if (days.length < 2)
        return '';
    const top = Math.max(1, ...days.map((d) => Math.max(d.p95 ?? 0, d.ttft ?? 0)));
    const withTtft = days.every((d) => d.ttft !== null);
    return [
        '```mermaid',
        'xychart-beta',
        `  title "p95 latency (bars)${withTtft ? ' and TTFT p95 (line)' : ''}, daily median, last 7 days, ms"`,
        `  x-axis [${days.map((d) => `"${d.day}"`).join(', ')}]`,
        `  y-axis "ms" 0 --> ${Math.ceil(top * 1.1)}`,
        `  bar [${days.map((d) => Math.round(d.p95)).join(', ')}]`,
        ...(withTtft ? [`  line [${days.map((d) => Math.round(d.ttft)).join(', ')}]`] : []),
        '```',
    ].join('\n');
}
/** The summary's "History" block: one line per target, its trend, identity changes, badge markdown. */
function historySection(report, histories, changes, options) {
    const lines = ['### History'];
    for (const t of report.targets) {
        const h = histories.get(t.name);
        if (!h)
            continue;
        lines.push(`- **${(0,markdown/* escapeInline */.V)(t.name, 80)}**: ${historyLine(h)}`);
        const chart = trendChart(h);
        if (chart)
            lines.push('', chart, '');
    }
    for (const c of changes) {
        const model = c.from.model !== c.to.model
            ? `model ${(0,markdown/* codeSpan */.S)(c.from.model ?? '(none)', 80)} → ${(0,markdown/* codeSpan */.S)(c.to.model ?? '(none)', 80)}`
            : null;
        const fp = c.from.fingerprint !== c.to.fingerprint
            ? `system_fingerprint ${(0,markdown/* codeSpan */.S)(c.from.fingerprint ?? '(none)', 80)} → ${(0,markdown/* codeSpan */.S)(c.to.fingerprint ?? '(none)', 80)}`
            : null;
        lines.push(`- 🔀 **${(0,markdown/* escapeInline */.V)(c.target, 80)}**: identity changed since the previous run: ${[model, fp].filter(Boolean).join(', ')}`);
    }
    if (options.rawBase) {
        lines.push('', '<details><summary>README badges</summary>', '', '```markdown');
        for (const t of report.targets) {
            const slug = (0,record/* slugOf */.tF)(t.name);
            lines.push(`![uptime 30d](${options.rawBase}/api/${slug}/uptime-30d.svg) ![p95](${options.rawBase}/api/${slug}/response-time.svg)`, `![uptime 7d](https://img.shields.io/endpoint?url=${encodeURIComponent(`${options.rawBase}/api/${slug}/uptime-7d.json`)})`);
        }
        lines.push('```', '', '</details>');
    }
    if (options.written)
        lines.push('', `Recorded in ${options.written}.`);
    for (const w of options.warnings)
        lines.push(`- ⚠️ ${(0,markdown/* escapeInline */.V)(w, 600)}`);
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/history/run.ts



async function openHistory(backend) {
    const { states, warnings } = await backend.read();
    return { backend, states, warnings };
}
function judgeWithHistory(report, history, config) {
    const limits = { latency: config.maxLatencyRegression, ttft: config.maxTtftRegression };
    if (history)
        return (0,judge/* judgeAgainstHistory */.Zi)(report, history.states, limits);
    if (limits.latency === null && limits.ttft === null)
        return { report, changes: [] };
    const note = 'max-latency-regression and max-ttft-regression need history: true (or --history-dir)';
    return {
        report: {
            ...report,
            targets: report.targets.map((t) => ({
                ...t,
                verdict: { ...t.verdict, notes: [...t.verdict.notes, note] },
            })),
        },
        changes: [],
    };
}
async function recordHistory(report, history, changes, options) {
    const now = options.now.getTime();
    const result = await history.backend.write((0,record/* recordsOf */.M$)(report), {
        now,
        slo: options.config.slo,
        title: options.title,
        repositoryUrl: options.repositoryUrl,
    });
    const states = result.plan?.states ?? history.states;
    const histories = new Map();
    for (const t of report.targets) {
        const state = states.get(t.name);
        if (state)
            histories.set(t.name, targetHistory(state, now, options.config.slo));
    }
    return {
        result,
        histories,
        outputs: (target) => historyOutputs(histories.get(target)),
        section: historySection(report, histories, changes, {
            rawBase: options.rawBase,
            written: result.written ? result.where : null,
            warnings: [...history.warnings, ...result.warnings],
        }),
    };
}


/***/ })

};
