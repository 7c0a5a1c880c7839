export const id = 8;
export const ids = [8];
export const modules = {

/***/ 3008:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  historyLine: () => (/* binding */ historyLine),
  Rf: () => (/* binding */ historyOutputs),
  gK: () => (/* binding */ historySection),
  EJ: () => (/* binding */ targetHistory)
});

// UNUSED EXPORTS: budgetText, duration

// EXTERNAL MODULE: ./src/text/untrusted.ts
var untrusted = __webpack_require__(9209);
;// CONCATENATED MODULE: ./src/report/markdown.ts

/**
 * Untrusted text on its way into markdown: the job summary and the tracking issue. GitHub renders
 * both; nothing a server sends may become a mention, a link, HTML, a hidden comment or a broken table.
 *
 * Backslashes and HTML entities do not stop GitHub's mention, issue-reference and commit filters
 * (they run on the rendered text); a zero-width space inside the token does. `plain` has already
 * dropped any zero-width character the server sent, so the only ones left are inserted here.
 */
const ZERO_WIDTH_SPACE = '\u200B';
const ZW = ZERO_WIDTH_SPACE;
const ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&apos;',
};
/**
 * Breaks the HTML comment delimiters `<!--`, `-->` and `--!>` with a zero-width space, so untrusted
 * text can neither hide what follows nor pass for one of the tracker's markers
 * (`<!-- llm-heartbeat:… -->`), rendered or raw.
 */
function breakComments(text) {
    return text.replace(/<!--/g, `<${ZW}!--`).replace(/--(!?)>/g, `--${ZW}$1>`);
}
/**
 * Breaks every form GitHub turns into a link or a mention, with a zero-width space inside the token:
 * - `@` → `@`ZWSP: `@user`, `@org/team`, email addresses, `user@sha`, `owner/repo@sha`, `mailto:`/`xmpp:`;
 * - `#` → `#`ZWSP: `#123`, `owner/repo#123`;
 * - `GH-123` → `GH-`ZWSP`123`;
 * - `://` → `:`ZWSP`//`: `http://`, `https://`, `ftp://` and GitHub URLs, any scheme;
 * - `www.` → `www`ZWSP`.`, wherever it is (GFM also links it after `*`, `_`, `~` and `(`);
 * - a run of 7 or more hex digits (a commit SHA, whole or abbreviated) gets a zero-width space after
 *   every 6, so no piece of it is long enough to be a SHA.
 * `<…>` autolinks need `<`, which the escaper HTML-escapes.
 */
function breakAutolinks(text) {
    return text
        .replace(/[@#]/g, `$&${ZW}`)
        .replace(/gh-(?=\d)/gi, `$&${ZW}`)
        .replace(/:\/\//g, `:${ZW}//`)
        .replace(/www\./gi, (m) => `${m.slice(0, 3)}${ZW}.`)
        .replace(/[0-9a-f]{7,}/gi, (run) => run.replace(/[0-9a-f]{6}(?=[0-9a-f])/gi, `$&${ZW}`));
}
/**
 * Renders untrusted text as inert inline markdown, safe in a table cell: no newlines, markdown
 * punctuation backslash-escaped (`|` too), HTML-escaped, HTML comment delimiters and every autolink
 * form broken by zero-width spaces. Rendered and with the zero-width spaces taken out, it reads
 * exactly as `plain(text)`.
 */
function escapeInline(text, max = 300) {
    return breakAutolinks(breakComments((0,untrusted/* truncate */.xv)((0,untrusted/* plain */.pj)(text), max)))
        .replace(/[\\`*_{}[\]()#+!|~-]/g, (ch) => `\\${ch}`)
        .replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}
/**
 * Untrusted text inside a code span. GitHub makes no links or mentions inside code, so the text keeps
 * its URLs, ids and hashes as they are (copyable); what matters is that the span cannot end early or
 * leak: backticks become `'` (the only thing that could close the span; backslashes show literally
 * there), `|` is escaped (it still splits a table cell inside a code span), and HTML comment
 * delimiters are broken, so no marker or comment appears in the raw body either.
 */
function codeSpan(text, max = 120) {
    const inner = breakComments((0,untrusted/* truncate */.xv)((0,untrusted/* plain */.pj)(text), max).replace(/`/g, "'")).replace(/\|/g, '\\|');
    return `\`${inner || ' '}\``;
}

// EXTERNAL MODULE: ./src/history/record.ts
var record = __webpack_require__(5799);
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
        lines.push(`- **${escapeInline(t.name, 80)}**: ${historyLine(h)}`);
        const chart = trendChart(h);
        if (chart)
            lines.push('', chart, '');
    }
    for (const c of changes) {
        const model = c.from.model !== c.to.model
            ? `model ${codeSpan(c.from.model ?? '(none)', 80)} → ${codeSpan(c.to.model ?? '(none)', 80)}`
            : null;
        const fp = c.from.fingerprint !== c.to.fingerprint
            ? `system_fingerprint ${codeSpan(c.from.fingerprint ?? '(none)', 80)} → ${codeSpan(c.to.fingerprint ?? '(none)', 80)}`
            : null;
        lines.push(`- 🔀 **${escapeInline(c.target, 80)}**: identity changed since the previous run: ${[model, fp].filter(Boolean).join(', ')}`);
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
        lines.push(`- ⚠️ ${escapeInline(w, 600)}`);
    return lines.join('\n');
}


/***/ })

};
