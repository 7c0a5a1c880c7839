import { slugOf } from './record.js';
import {
  type Budget,
  DAY_MS,
  errorBudget,
  type Row,
  stateUptimeByRuns,
  type TargetState,
  uptimeOver,
} from './state.js';

/**
 * The status page: index.html and its scripts, all on the data branch beside it. The HTML is static;
 * status/data.js holds the figures (a script, so the page works opened from a file). Nothing is put in
 * the page as markup from data: app.js writes every server-sent text with textContent. Pure.
 */

export interface PageOptions {
  title: string;
  now: number;
  slo: number | null;
  /** https://github.com/owner/repo, for issue links; null leaves them out. */
  repositoryUrl: string | null;
}

type Series = [number[], (number | null)[], (number | null)[], (number | null)[]];

export interface PageTarget {
  name: string;
  slug: string;
  status: string;
  lastRun: number | null;
  runUrl: string | null;
  model: string | null;
  fingerprint: string | null;
  uptime: { d1: number | null; d7: number | null; d30: number | null; d90: number | null };
  /** Gatus's definition over 7 days, shown beside ours. */
  byRuns7: number | null;
  budget: Budget | null;
  bars: { day: number; uptime: number | null; downMs: number; gapMs: number }[];
  series: { h24: Series; d7: Series; d30: Series; d90: Series };
  incidents: { start: number; end: number | null; issueUrl: string | null; issue: number | null }[];
  identities: { model: string | null; fingerprint: string | null; firstSeen: number; lastSeen: number }[];
  locations: { location: string; status: string }[];
}

export interface PageData {
  title: string;
  generatedAt: number;
  slo: number | null;
  targets: PageTarget[];
}

const r1 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

function rowsSeries(rows: Row[], from: number): Series {
  const inside = rows.filter((r) => r.t >= from && r.runs > 0);
  return [
    inside.map((r) => r.t / 1000),
    inside.map((r) => r.p50),
    inside.map((r) => r.p95),
    inside.map((r) => r.ttft),
  ];
}

export function pageTarget(state: TargetState, options: PageOptions): PageTarget {
  const { now } = options;
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const bars: PageTarget['bars'] = [];
  for (let i = 89; i >= 0; i--) {
    const day = today - i * DAY_MS;
    const row = state.days.find((d) => d.t === day);
    const coveredDown = row?.down ?? 0;
    const covered = row ? row.up + row.deg + row.down : 0;
    const extra = i === 0 ? uptimeOver(state, now - day, now) : null;
    bars.push({
      day,
      uptime: i === 0 ? r1(extra) : covered === 0 ? null : r1(((covered - coveredDown) / covered) * 100),
      downMs: Math.round(coveredDown),
      gapMs: Math.round(row?.gap ?? 0),
    });
  }
  // 24 h: the hours folded into the rows (their medians), then each run since.
  const hours24 = state.hours.filter((r) => r.t >= now - DAY_MS && r.runs > 0 && r.t < (state.sealed ?? 0));
  const recent24 = state.recent.filter((p) => p.t >= now - DAY_MS);
  const issueUrl = (n: number | null) =>
    n === null || options.repositoryUrl === null ? null : `${options.repositoryUrl}/issues/${n}`;
  return {
    name: state.target,
    slug: slugOf(state.target),
    status: state.last?.status ?? 'unknown',
    lastRun: state.last ? Date.parse(state.last.t) : null,
    runUrl: state.last?.runUrl ?? null,
    model: state.last?.model ?? null,
    fingerprint: state.last?.fingerprint ?? null,
    uptime: {
      d1: r1(uptimeOver(state, DAY_MS, now)),
      d7: r1(uptimeOver(state, 7 * DAY_MS, now)),
      d30: r1(uptimeOver(state, 30 * DAY_MS, now)),
      d90: r1(uptimeOver(state, 90 * DAY_MS, now)),
    },
    byRuns7: r1(stateUptimeByRuns(state, now - 7 * DAY_MS, now)),
    budget: options.slo === null ? null : errorBudget(state, options.slo, now),
    bars,
    series: {
      h24: [
        [...hours24.map((r) => r.t / 1000), ...recent24.map((p) => p.t / 1000)],
        [...hours24.map((r) => r.p50), ...recent24.map((p) => p.p50)],
        [...hours24.map((r) => r.p95), ...recent24.map((p) => p.p95)],
        [...hours24.map((r) => r.ttft), ...recent24.map((p) => p.ttft)],
      ],
      d7: rowsSeries(state.hours, now - 7 * DAY_MS),
      d30: rowsSeries(state.hours, now - 30 * DAY_MS),
      d90: rowsSeries(state.days, now - 90 * DAY_MS),
    },
    incidents: state.incidents
      .filter((i) => (i.end ?? now) >= now - 90 * DAY_MS)
      .slice(-50)
      .reverse()
      .map((i) => ({ start: i.start, end: i.end, issue: i.issue, issueUrl: issueUrl(i.issue) })),
    identities: state.identities.slice(-10),
    locations: state.last?.locations ?? [],
  };
}

export function pageData(states: TargetState[], options: PageOptions): PageData {
  return {
    title: options.title,
    generatedAt: options.now,
    slo: options.slo,
    targets: states.map((s) => pageTarget(s, options)),
  };
}

/** data.js: the figures as one assignment. `<` escaped so no text can end a script element. */
export function dataScript(data: PageData): string {
  return `window.LLM_HEARTBEAT = ${JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, '')};\n`;
}

/** The part of a target the page shows as its current status: what now.js holds. */
export interface NowTarget {
  name: string;
  status: string;
  lastRun: number | null;
  runUrl: string | null;
  model: string | null;
  fingerprint: string | null;
  locations: { location: string; status: string }[];
}

export function nowTarget(state: TargetState): NowTarget {
  return {
    name: state.target,
    status: state.last?.status ?? 'unknown',
    lastRun: state.last ? Date.parse(state.last.t) : null,
    runUrl: state.last?.runUrl ?? null,
    model: state.last?.model ?? null,
    fingerprint: state.last?.fingerprint ?? null,
    locations: state.last?.locations ?? [],
  };
}

/** now.js: the current status of every target, small, so a change of status is a small commit. */
export function nowScript(states: TargetState[], now: number): string {
  const data = { generatedAt: now, targets: states.map(nowTarget) };
  return `window.LLM_HEARTBEAT_NOW = ${JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, '')};\n`;
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

export function indexHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Status</title>
<link rel="stylesheet" href="status/uPlot.min.css">
<link rel="stylesheet" href="status/page.css">
</head>
<body>
<header><h1 id="title">Status</h1><p id="updated"></p></header>
<main id="targets"><p>Loading the figures…</p></main>
<footer><p>Uptime: the share of the time covered by runs that were not down (degraded counts as up; gaps over 30 minutes and maintenance are left out). Made by llm-heartbeat.</p></footer>
<script src="status/uPlot.iife.min.js"></script>
<script src="status/data.js"></script>
<script src="status/now.js"></script>
<script src="status/app.js"></script>
</body>
</html>
`;
}

export const PAGE_CSS = `
:root { color-scheme: light; --up: #1a7f37; --deg: #9a6700; --down: #cf222e; --gap: #d0d7de; --ink: #1f2328; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: #fff; margin: 0 auto; max-width: 960px; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 0; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
section.target { border: 1px solid #d0d7de; border-radius: 8px; padding: 1rem; margin: 1rem 0; }
.head { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; justify-content: space-between; }
.badge { font-weight: 600; padding: .1rem .5rem; border-radius: 1rem; color: #fff; }
.badge.up { background: var(--up); } .badge.degraded { background: var(--deg); } .badge.down { background: var(--down); } .badge.unknown { background: var(--muted); }
.figures { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: .5rem 0; padding: 0; list-style: none; }
.figures b { font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); font-size: .9rem; }
.bars { display: flex; gap: 1px; height: 32px; align-items: stretch; margin: .5rem 0 0; }
.bars span { flex: 1; border-radius: 1px; background: var(--gap); }
.bars span.up { background: var(--up); } .bars span.deg { background: var(--deg); } .bars span.down { background: var(--down); }
.bars-legend { display: flex; justify-content: space-between; }
.tabs { display: flex; gap: .25rem; margin: .5rem 0; }
.tabs button { font: inherit; padding: .25rem .75rem; border: 1px solid #8c959f; background: #f6f8fa; color: var(--ink); border-radius: 4px; cursor: pointer; }
.tabs button[aria-pressed="true"] { background: var(--ink); color: #fff; }
.chart { width: 100%; min-height: 220px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
.scroll { overflow-x: auto; }
code { font-size: .85rem; word-break: break-all; }
a { color: #0550ae; }
`;

/** The page's script: builds everything with createElement and textContent, charts with uPlot. */
export const APP_JS = `(function () {
  'use strict';
  var data = window.LLM_HEARTBEAT;
  var root = document.getElementById('targets');
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function pct(v) { return v === null || v === undefined ? 'no data' : v.toFixed(2) + '%'; }
  function when(ms) { return ms === null ? 'ongoing' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'; }
  function dur(ms) {
    var m = Math.round(ms / 60000), h = Math.floor(m / 60), d = Math.floor(h / 24);
    return d > 0 ? d + ' d ' + (h % 24) + ' h' : h > 0 ? h + ' h ' + (m % 60) + ' m' : m + ' m';
  }
  function safeUrl(u) { return typeof u === 'string' && /^https:\\/\\//.test(u) ? u : null; }
  if (!data) { root.textContent = 'No figures yet (status/data.js is missing).'; return; }
  // now.js: each target's current status, written whenever one changes (data.js: about once an hour).
  var now = window.LLM_HEARTBEAT_NOW;
  if (now && now.generatedAt >= data.generatedAt && Array.isArray(now.targets)) {
    data.targets.forEach(function (t) {
      now.targets.forEach(function (n) {
        if (n.name !== t.name) return;
        ['status', 'lastRun', 'runUrl', 'model', 'fingerprint', 'locations'].forEach(function (k) { t[k] = n[k]; });
      });
    });
  }
  document.title = data.title;
  document.getElementById('title').textContent = data.title;
  document.getElementById('updated').textContent = 'Updated ' + when(data.generatedAt);
  root.textContent = '';
  var WINDOWS = [['h24', '24 h'], ['d7', '7 d'], ['d30', '30 d'], ['d90', '90 d']];
  data.targets.forEach(function (t, index) {
    var s = el('section', { class: 'target', 'aria-labelledby': 'name-' + index, 'data-slug': t.slug });
    var head = el('div', { class: 'head' });
    head.appendChild(el('h2', { id: 'name-' + index }, t.name));
    head.appendChild(el('span', { class: 'badge ' + t.status, 'data-field': 'status' }, t.status));
    s.appendChild(head);
    var meta = el('p', { class: 'muted' });
    meta.textContent = 'Last run ' + (t.lastRun === null ? 'never' : when(t.lastRun)) +
      (t.model ? ' · model ' + t.model : '') + (t.fingerprint ? ' · fingerprint ' + t.fingerprint : '');
    s.appendChild(meta);
    var figs = el('ul', { class: 'figures' });
    [['24 h', t.uptime.d1, 'uptime-24h'], ['7 d', t.uptime.d7, 'uptime-7d'], ['30 d', t.uptime.d30, 'uptime-30d'], ['90 d', t.uptime.d90, 'uptime-90d']].forEach(function (f) {
      var li = el('li', null, 'uptime ' + f[0] + ': ');
      li.appendChild(el('b', { 'data-field': f[2] }, pct(f[1])));
      figs.appendChild(li);
    });
    if (t.budget) {
      var li = el('li', null, 'error budget (SLO ' + t.budget.slo + '%): ');
      li.appendChild(el('b', { 'data-field': 'budget' }, Math.round(t.budget.usedPercent) + '% used (' + dur(t.budget.usedMs) + ' of ' + dur(t.budget.budgetMs) + ')'));
      figs.appendChild(li);
    }
    s.appendChild(figs);
    s.appendChild(el('h3', null, 'Last 90 days'));
    var up90 = t.bars.filter(function (b) { return b.uptime !== null; }).length;
    var bars = el('div', { class: 'bars', role: 'img', 'aria-label': '90 daily uptime bars; ' + up90 + ' days with data; 90-day uptime ' + pct(t.uptime.d90) });
    t.bars.forEach(function (b) {
      var cls = b.uptime === null ? '' : b.uptime >= 99.9 ? 'up' : b.uptime >= 95 ? 'deg' : 'down';
      var span = el('span', { class: cls, title: new Date(b.day).toISOString().slice(0, 10) + ': ' + pct(b.uptime) + (b.downMs > 0 ? ', down ' + dur(b.downMs) : '') });
      bars.appendChild(span);
    });
    s.appendChild(bars);
    var legend = el('div', { class: 'bars-legend muted' });
    legend.appendChild(el('span', null, '90 days ago'));
    legend.appendChild(el('span', null, 'today'));
    s.appendChild(legend);
    s.appendChild(el('h3', null, 'Latency (ms)'));
    var tabs = el('div', { class: 'tabs', role: 'group', 'aria-label': 'Chart window for ' + t.name });
    var chartBox = el('div', { class: 'chart', role: 'img', 'aria-label': 'Latency p50 and p95 and TTFT p95 of ' + t.name });
    var plot = null;
    function draw(key) {
      var series = t.series[key];
      if (plot) { plot.destroy(); plot = null; }
      chartBox.textContent = '';
      if (!series || series[0].length === 0) { chartBox.appendChild(el('p', { class: 'muted' }, 'No successful run in this window.')); return; }
      var width = Math.max(280, chartBox.clientWidth || 300);
      plot = new uPlot({
        width: width, height: 220,
        series: [{}, { label: 'p50', stroke: '#0550ae', width: 2 }, { label: 'p95', stroke: '#cf222e', width: 2 }, { label: 'TTFT p95', stroke: '#8250df', width: 2, dash: [6, 4] }],
        axes: [{}, { label: 'ms' }],
        scales: { x: { time: true } },
      }, series, chartBox);
    }
    WINDOWS.forEach(function (w, i) {
      var b = el('button', { type: 'button', 'aria-pressed': i === 0 ? 'true' : 'false' }, w[1]);
      b.addEventListener('click', function () {
        tabs.querySelectorAll('button').forEach(function (x) { x.setAttribute('aria-pressed', 'false'); });
        b.setAttribute('aria-pressed', 'true');
        draw(w[0]);
      });
      tabs.appendChild(b);
    });
    s.appendChild(tabs);
    s.appendChild(chartBox);
    if (t.locations.length > 0) {
      s.appendChild(el('h3', null, 'Locations (last run)'));
      var ul = el('ul');
      t.locations.forEach(function (l) { ul.appendChild(el('li', null, l.location + ': ' + l.status)); });
      s.appendChild(ul);
    }
    s.appendChild(el('h3', null, 'Incidents (90 days)'));
    if (t.incidents.length === 0) s.appendChild(el('p', { class: 'muted' }, 'None.'));
    else {
      var wrap = el('div', { class: 'scroll' });
      var table = el('table');
      var hr = el('tr');
      ['start', 'end', 'duration', 'issue'].forEach(function (h) { hr.appendChild(el('th', { scope: 'col' }, h)); });
      table.appendChild(el('thead')).appendChild(hr);
      var tb = el('tbody');
      t.incidents.forEach(function (inc) {
        var tr = el('tr', { 'data-field': 'incident' });
        tr.appendChild(el('td', null, when(inc.start)));
        tr.appendChild(el('td', null, when(inc.end)));
        tr.appendChild(el('td', null, dur((inc.end === null ? data.generatedAt : inc.end) - inc.start)));
        var td = el('td');
        var url = safeUrl(inc.issueUrl);
        if (url) td.appendChild(el('a', { href: url, rel: 'noopener noreferrer' }, '#' + inc.issue)); else td.textContent = '–';
        tr.appendChild(td);
        tb.appendChild(tr);
      });
      table.appendChild(tb);
      wrap.appendChild(table);
      s.appendChild(wrap);
    }
    if (t.identities.length > 0) {
      s.appendChild(el('h3', null, 'Model identities'));
      var wrap2 = el('div', { class: 'scroll' });
      var it = el('table');
      var ih = el('tr');
      ['model', 'fingerprint', 'first seen', 'last seen'].forEach(function (h) { ih.appendChild(el('th', { scope: 'col' }, h)); });
      it.appendChild(el('thead')).appendChild(ih);
      var ib = el('tbody');
      t.identities.forEach(function (id) {
        var tr = el('tr', { 'data-field': 'identity' });
        var c1 = el('td'); c1.appendChild(el('code', null, id.model === null ? '(none)' : id.model)); tr.appendChild(c1);
        var c2 = el('td'); c2.appendChild(el('code', null, id.fingerprint === null ? '(none)' : id.fingerprint)); tr.appendChild(c2);
        tr.appendChild(el('td', null, when(id.firstSeen)));
        tr.appendChild(el('td', null, when(id.lastSeen)));
        ib.appendChild(tr);
      });
      it.appendChild(ib);
      wrap2.appendChild(it);
      s.appendChild(wrap2);
    }
    root.appendChild(s);
    draw('h24');
  });
})();
`;
