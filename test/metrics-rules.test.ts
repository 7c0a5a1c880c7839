/**
 * The Prometheus rules users drop in (monitoring/prometheus/): promtool (Debian's `prometheus`
 * package) checks them and runs their unit tests; the checks below keep every rule tested and
 * every metric a rule reads one the action really pushes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { renderMetrics } from '../src/metrics/prometheus.js';
import { parseExposition, requireTool, sampleReport } from './support/pushgateway.js';

const dir = fileURLToPath(new URL('../monitoring/prometheus/', import.meta.url));
const RULES = 'llm-heartbeat.rules.yml';
const RULE_TESTS = 'llm-heartbeat.rules.test.yml';

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts: unknown[];
}
interface RuleTest {
  name: string;
  alert_rule_test?: AlertTest[];
  promql_expr_test?: { expr: string }[];
}

const rules = (
  parseYaml(readFileSync(`${dir}${RULES}`, 'utf8')) as { groups: { rules: Rule[] }[] }
).groups.flatMap((g) => g.rules);
const alerts = rules.filter((r) => r.alert !== undefined);
const recordings = rules.filter((r) => r.record !== undefined);
const ruleTests = (parseYaml(readFileSync(`${dir}${RULE_TESTS}`, 'utf8')) as { tests: RuleTest[] }).tests;

const minutes = (duration: string) => {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(duration);
  if (!m) throw new Error(`Unexpected duration ${duration}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
};

const promtool = requireTool('promtool', 'prometheus');

describe.skipIf(promtool === null)('promtool', () => {
  const run = (...args: string[]) => {
    const result = spawnSync(promtool!, args, { cwd: dir, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  it('check rules: the rules file is valid', () => {
    const { status, output } = run('check', 'rules', RULES);
    expect(output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(status, output).toBe(0);
  });

  it('test rules: every unit test passes', () => {
    const { status, output } = run('test', 'rules', RULE_TESTS);
    expect(status, output).toBe(0);
    expect(output).toContain('SUCCESS');
  });
});

describe('the rules', () => {
  it('give every alert a for:, a severity, a summary, a description and a link back to the workflow', () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual([
      'LLMHeartbeatLatencyHigh',
      'LLMHeartbeatMetricsAbsent',
      'LLMHeartbeatModelNotAnswering',
      'LLMHeartbeatProbeSilent',
      'LLMHeartbeatSuccessRatioLow',
      'LLMHeartbeatTTFTHigh',
    ]);
    for (const alert of alerts) {
      expect(minutes(alert.for ?? ''), alert.alert).toBeGreaterThanOrEqual(5);
      expect(['warning', 'critical']).toContain(alert.labels?.severity);
      expect(Object.keys(alert.annotations ?? {}).sort()).toEqual(['description', 'summary', 'workflow_url']);
      expect(alert.annotations?.workflow_url).toContain('https://github.com/OWNER/REPO/actions');
    }
  });

  it('test every alert firing, not firing before, and resolving after', () => {
    for (const alert of alerts) {
      const resolved = ruleTests.some((t) => {
        const evals = (t.alert_rule_test ?? [])
          .filter((a) => a.alertname === alert.alert)
          .map((a) => ({ at: minutes(a.eval_time), firing: a.exp_alerts.length > 0 }))
          .sort((a, b) => a.at - b.at);
        const firstFiring = evals.findIndex((e) => e.firing);
        return (
          firstFiring > 0 &&
          evals.slice(0, firstFiring).some((e) => !e.firing) &&
          evals.slice(firstFiring).some((e) => !e.firing)
        );
      });
      expect(resolved, `${alert.alert}: a test with quiet, firing, then quiet again`).toBe(true);
    }
  });

  it('test every recording rule by its value', () => {
    for (const recording of recordings) {
      const tested = ruleTests.some((t) =>
        (t.promql_expr_test ?? []).some((e) => e.expr.includes(recording.record!)),
      );
      expect(tested, recording.record).toBe(true);
    }
  });

  it('read only metrics and labels the action pushes', () => {
    const report = sampleReport();
    const pushed = report.targets.flatMap((t) =>
      parseExposition(renderMetrics(report, t, { job: 'llm-heartbeat', location: 'eu-west' })),
    );
    const names = new Set(pushed.map((s) => s.name));
    const labels = new Set(pushed.flatMap((s) => Object.keys(s.labels)));
    const used = new Set(rules.flatMap((r) => r.expr.match(/(?<![:\w])llm_heartbeat_[a-z_]+/g) ?? []));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(names, name).toContain(name);
    const annotations = alerts.map((a) => Object.values(a.annotations ?? {}).join(' ')).join(' ');
    for (const name of annotations.match(/(?<![:\w])llm_heartbeat_[a-z_]+/g) ?? [])
      expect(names, name).toContain(name);
    for (const label of ['job', 'target', 'location', 'category', 'percentile', 'actions_url'])
      expect(labels).toContain(label);
  });
});
