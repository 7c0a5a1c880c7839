/**
 * The status page in a real browser (Debian's chromium through playwright-core), opened from a file:
 * the figures it shows match the data, no request leaves for another host, the console stays clean,
 * axe-core finds no serious or critical violation, and it fits its size budget. A screenshot is saved
 * under the test's temp folder.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addRecord, DAY_MS, emptyState, type TargetState, uptimeOver } from '../src/history/state.js';
import { planWrite } from '../src/history/store.js';
import { recordAt } from './support/history.js';

const CHROMIUM = '/usr/bin/chromium';
const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const MIN = 60_000;

/** A scripted past: 8 days every 5 minutes, an outage, a slow afternoon, a new fingerprint. */
function scriptedState(name: string): TargetState {
  let state = emptyState(name);
  for (let t = NOW - 8 * DAY_MS; t <= NOW; t += 5 * MIN) {
    const hoursAgo = (NOW - t) / 3_600_000;
    const down = hoursAgo > 30 && hoursAgo < 31.5;
    const slow = hoursAgo > 50 && hoursAgo < 54;
    const r = recordAt(t, {
      name,
      ok: down ? 0 : 10,
      latencyMs: slow ? 900 : 300 + ((t / MIN) % 7) * 10,
      fingerprint: hoursAgo < 70 ? 'fp_new<b>' : 'fp_old',
    });
    state = addRecord(state, { ...r, issue: down ? 42 : null }).state;
  }
  // 90 days of daily rows, as earlier runs left them.
  const days = [...state.days];
  for (let d = 9; d < 90; d++) {
    const t = Math.floor(NOW / DAY_MS) * DAY_MS - d * DAY_MS;
    const down = d % 17 === 0 ? 40 * MIN : 0;
    days.push({
      t,
      up: DAY_MS - down,
      deg: 0,
      down,
      maint: 0,
      gap: 0,
      runs: 288,
      p50: 310,
      p95: 420,
      ttft: 150,
    });
  }
  return { ...state, days: days.sort((a, b) => a.t - b.t) };
}

async function writePage(dir: string, states: TargetState[]): Promise<number> {
  const byName = new Map(states.map((s) => [s.target, s]));
  const state = states.map((s) => `${JSON.stringify(s)}\n`).join('');
  const plan = planWrite({ paths: new Map(), state, hours: new Map() }, [], {
    now: NOW,
    slo: 99.5,
    title: 'acme/models status',
    repositoryUrl: 'https://github.com/acme/models',
  });
  expect([...plan.states.keys()]).toEqual([...byName.keys()]);
  let pageBytes = 0;
  for (const [p, content] of plan.files) {
    const file = path.join(dir, p);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content ?? '');
    if (p === 'index.html' || p.startsWith('status/')) pageBytes += (await stat(file)).size;
  }
  return pageBytes;
}

describe.skipIf(!existsSync(CHROMIUM))('the status page', () => {
  it('shows the data, stays on its host, passes axe-core and fits 500 KB for 10 targets', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'llm-heartbeat-page-'));
    const one = scriptedState('Alpha One');
    const ten = [one, ...Array.from({ length: 9 }, (_, i) => ({ ...one, target: `Target ${i + 2}` }))];
    const tenDir = path.join(dir, 'ten');
    const tenBytes = await writePage(tenDir, ten);
    expect(tenBytes).toBeLessThan(500_000);
    await writeFile(path.join(dir, 'page-size.txt'), `${tenBytes}\n`);

    const pageDir = path.join(dir, 'page');
    await writePage(pageDir, [one, scriptedState('Beta <img src=x onerror=alert(1)>')]);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const foreign: string[] = [];
      const problems: string[] = [];
      page.on('request', (req) => {
        if (!req.url().startsWith('file://')) foreign.push(req.url());
      });
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(msg.text());
      });
      page.on('pageerror', (err) => problems.push(String(err)));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(pathToFileURL(path.join(pageDir, 'index.html')).href);
      await page.waitForSelector('section.target canvas');
      const shown = await page.$$eval('[data-field="uptime-24h"]', (els) => els.map((e) => e.textContent));
      const expected = `${uptimeOver(one, DAY_MS, NOW)!.toFixed(2)}%`;
      expect(shown[0]).toBe(expected);
      expect(await page.locator('h2').nth(1).textContent()).toBe('Beta <img src=x onerror=alert(1)>');
      expect(await page.locator('section').first().locator('[data-field="incident"]').count()).toBe(
        one.incidents.length,
      );
      expect(await page.locator('section').first().locator('.bars span').count()).toBe(90);
      expect(
        await page.locator('a[href="https://github.com/acme/models/issues/42"]').count(),
      ).toBeGreaterThan(0);
      await page.locator('section').first().getByRole('button', { name: '7 d' }).click();
      // axe-core itself fetches the stylesheets, which the page's connect-src 'none' refuses: the
      // console is judged before it runs.
      const pageProblems = [...problems];
      // From a file beside the page: the page's own CSP refuses inline scripts (as it should).
      const axeFile = path.join(pageDir, 'axe.min.js');
      await writeFile(axeFile, await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js')));
      await page.addScriptTag({ url: pathToFileURL(axeFile).href });
      const violations = await page.evaluate(async () => {
        const result = await (
          globalThis as unknown as {
            axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> };
          }
        ).axe.run();
        return result.violations.map((v) => `${v.impact}: ${v.id}`);
      });
      expect(violations.filter((v) => /^(serious|critical)/.test(v))).toEqual([]);
      const shot = path.join(dir, 'status-page.png');
      await page.screenshot({ path: shot, fullPage: false });
      await page.setViewportSize({ width: 1100, height: 1400 });
      await page.screenshot({ path: path.join(dir, 'status-page-wide.png') });
      console.log(
        `screenshot: ${shot}; 10-target page ${tenBytes} bytes; axe: ${violations.join(', ') || 'none'}`,
      );
      expect(foreign).toEqual([]);
      expect(pageProblems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
