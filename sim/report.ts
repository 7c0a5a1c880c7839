/**
 * Runs every policy over the simulated month (and, to see whether a month was lucky, over more months
 * with the next seeds), and renders the table and docs/simulation.md.
 */
import { isDefault, POLICIES } from './policies.ts';
import { type Policy, runPolicy } from './policy.ts';
import { GRACE_MS, LONG_OUTAGE_MINUTES, type Score, score } from './score.ts';
import { generateWorld, type Outage, type World } from './world.ts';

const MINUTE = 60_000;

export interface PolicyResult {
  policy: Policy;
  isDefault: boolean;
  /** The month the table shows (the first seed). */
  month: Score;
  /** Summed over all the months simulated. */
  allMonths: {
    falseIssues: number;
    worstMonthFalseIssues: number;
    longLateOrMissed: number;
    longOutages: number;
  };
}

export interface Simulation {
  seed: number;
  months: number;
  /** The month the table shows. */
  world: World;
  results: PolicyResult[];
  /** Outages of LONG_OUTAGE_MINUTES or more during which fewer than two runs started, in the month and in all. */
  longSeenByOneRun: { month: number; allMonths: number };
}

export function simulate(seed: number, months: number, policies: Policy[] = POLICIES): Simulation {
  const worlds = Array.from({ length: months }, (_, i) => generateWorld(seed + i));
  const results = policies.map((policy): PolicyResult => {
    const scores = worlds.map((world) => score(world, runPolicy(world, policy)));
    const sum = (f: (s: Score) => number) => scores.reduce((total, s) => total + f(s), 0);
    return {
      policy,
      isDefault: isDefault(policy),
      month: scores[0]!,
      allMonths: {
        falseIssues: sum((s) => s.falseIssues),
        worstMonthFalseIssues: Math.max(...scores.map((s) => s.falseIssues)),
        longLateOrMissed: sum((s) => s.longMissed + s.longSlow),
        longOutages: sum((s) => s.longOutages),
      },
    };
  });
  const seenByOneRun = worlds.map(
    (world) => longOutages(world).filter((o) => runsDuring(world, o) < 2).length,
  );
  return {
    seed,
    months,
    world: worlds[0]!,
    results,
    longSeenByOneRun: { month: seenByOneRun[0]!, allMonths: seenByOneRun.reduce((a, b) => a + b, 0) },
  };
}

const longOutages = (world: World) =>
  world.outages.filter((o) => o.end - o.start >= LONG_OUTAGE_MINUTES * MINUTE);

/** Runs that started while the outage lasted. */
function runsDuring(world: World, outage: Outage): number {
  return world.runs.filter((r) => r.startedAt >= outage.start && r.startedAt < outage.end).length;
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const minutes = (n: number | null) => (n === null ? '–' : n.toFixed(1));

export function renderTable(sim: Simulation): string {
  const outageMinutes = whole(sim.results[0]?.month.outageMinutes ?? 0);
  const rows = sim.results.map(({ policy, isDefault, month: m, allMonths: y }) => {
    const name = isDefault ? `**${policy.name} (defaults)**` : policy.name;
    return `| ${[
      name,
      m.falseIssues,
      `${m.missed} (${m.longMissed})`,
      m.longSlow,
      `${minutes(m.medianDelayMinutes)} / ${minutes(m.worstDelayMinutes)}`,
      whole(m.issueOpenMinutes),
      m.flaps,
      whole(m.requests),
      `${whole(y.falseIssues)} (worst month ${y.worstMonthFalseIssues}) · ${y.longLateOrMissed} of ${whole(y.longOutages)}`,
    ].join(' | ')} |`;
  });
  return [
    `| policy | false issues | outages missed (≥ ${LONG_OUTAGE_MINUTES} min) | ≥ ${LONG_OUTAGE_MINUTES} min found after the 2nd run | delay median / worst (min) | issue open (min; outages: ${outageMinutes}) | flaps | requests | ${sim.months} months: false issues · ≥ ${LONG_OUTAGE_MINUTES} min late or missed |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The result of the policy with the same inputs as `policy` but these. */
function variant(sim: Simulation, policy: Policy, inputs: Policy['inputs']): PolicyResult | undefined {
  const wanted = JSON.stringify({ ...policy.inputs, ...inputs });
  return sim.results.find((r) => JSON.stringify(r.policy.inputs) === wanted);
}

/** What the defaults cost, in the simulation's figures. */
export function tradeOff(sim: Simulation): string {
  const chosen = sim.results.find((r) => r.isDefault);
  if (!chosen) return 'None of the policies is the action’s defaults: add it to sim/policies.ts.';
  const { month: m, allMonths: y } = chosen;
  const lateOrMissed = m.longMissed + m.longSlow;
  const long = `outages of ${LONG_OUTAGE_MINUTES} minutes or more`;
  const text = [
    `**Defaults: ${chosen.policy.name}.** Over the month they open **${m.falseIssues} false issues** and find ` +
      `${m.longOutages - lateOrMissed} of its ${m.longOutages} ${long} within two runs ` +
      `(${m.longMissed} missed, ${m.longSlow} found later). Over ${sim.months} months: ${y.falseIssues} false ` +
      `issues (at most ${y.worstMonthFalseIssues} in a month) and ${y.longLateOrMissed} of ${whole(y.longOutages)} ` +
      `${long} missed or found after the second run.`,
  ];
  const eager = variant(sim, chosen.policy, { 'open-after': '1' });
  if (eager) {
    text.push(
      `The trade-off is the second run. Opening on the first breached run (\`open-after: 1\`, the rest the same) ` +
        `finds outages sooner (median ${minutes(eager.month.medianDelayMinutes)} min instead of ` +
        `${minutes(m.medianDelayMinutes)}) but opens ${eager.month.falseIssues} false issues in the month ` +
        `(${whole(eager.allMonths.falseIssues)} in ${sim.months} months): a runner whose network failed for one ` +
        'run, or two unlucky errors in one burst, is enough.',
    );
  }
  const more = variant(sim, chosen.policy, { checks: String(Number(chosen.policy.inputs.checks) * 2) });
  text.push(
    `What open-after 2 misses or finds late has two causes. An outage during which only one run started ` +
      `cannot reach it: GitHub's late and dropped runs did that to ${sim.longSeenByOneRun.month} of the ` +
      `month's ${m.longOutages} ${long} (${sim.longSeenByOneRun.allMonths} in ${sim.months} months); no ` +
      'policy that waits for a second run can do better. The others are partial outages near the low end ' +
      '(about 30% of requests failing), where a burst can see only one failure, which the confidence bound ' +
      'does not call an outage' +
      (more
        ? `: ${more.policy.name.split(' · ')[0]} find them (${more.allMonths.longLateOrMissed} of ` +
          `${whole(more.allMonths.longOutages)} missed or late in ${sim.months} months) at twice the requests.`
        : '.'),
  );
  return text.join('\n\n');
}

export function renderDoc(sim: Simulation, regression = ''): string {
  const a = sim.world.assumptions;
  const range = ([low, high]: [number, number], unit: string) => `${low}–${high} ${unit}`;
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return `# Choosing the defaults: a simulated month

<!-- Written by \`npm run simulate\` (scripts/simulate.ts and sim/): edit those, not this file. -->

A monitor is judged by the outages it missed and the alarms that were false. \`npm run simulate\`
replays ${a.days} days of a workflow scheduled every ${a.intervalMinutes} minutes against a simulated
provider, through the action's own logic: each run's checks go through \`computeStats\` and \`judge\`
(the verdict), then \`decideIssue\` (the tracking issue, with the pending streak of \`open-after\`), and
the plan is applied to an in-memory issue store as \`src/tracker/github.ts\` applies it on GitHub. No
network, no sleeping: a virtual clock and a seeded random generator (seed ${sim.seed}; the ${sim.months}-month
column uses seeds ${sim.seed}–${sim.seed + sim.months - 1}), so every run of the script prints the same
table, in well under a minute.

## Result

${renderTable(sim)}

## The defaults, and what they cost

${tradeOff(sim)}

Reading the rest of the table:
- **Opening on the first breached run** (\`open-after: 1\`, the behaviour before this simulation)
  drowns the real outages in false issues: with 10 checks, a background error rate of
  ${pct(a.serverErrorRate)} makes about one run in twenty see a failure, and the raw rate calls 9 of 10 down.
- **The confidence bound** (\`success-confidence: 95\`) alone removes most of them (one failure in 10
  says little), and \`open-after: 2\` removes what is left: a runner whose network failed for one run,
  two unlucky errors in one burst.
- **\`open-after: 3\`** finds almost every outage a run later than the rule asks.
- **\`close-after: 2\`** keeps the issue open one run longer than \`close-after: 1\` but does not close
  and reopen it when one burst of a partial outage happens to pass; \`close-after: 3\` only adds minutes.
- **Fewer checks** (5 or 3) cost fewer requests but miss partial outages, and flap on them.
- **Upptime-style** re-tests back to back, so a burst of 429s or a runner without network fails all
  three tries: false issues; and three failures in a row rarely happen in a partial outage: misses.
- **Gatus-style** never opens a false issue here, but three failed runs in a row take 10–15 minutes
  and a single check rarely fails three times running in a partial outage.

## What is simulated

**GitHub's schedule.** One run per ${a.intervalMinutes}-minute cron slot, started late by an
exponential delay with a mean of ${a.meanDelayMinutes} minutes (${a.meanDelayTopOfHourMinutes} minutes for
the slots at the top of the hour, when GitHub's load peaks), and dropped with a probability of
${pct(a.dropRate)} (${pct(a.dropRateTopOfHour)} at the top of the hour). GitHub documents both the delays and
the drops but not their sizes: these are assumptions, on the pessimistic side of what users report.
This month GitHub dropped ${sim.world.dropped} of ${sim.world.runs.length + sim.world.dropped} runs.
Runs are handled one after the other in the order they start (a \`concurrency\` group).

**The provider.** Outside outages, every request fails with a 5xx with probability
${pct(a.serverErrorRate)}; ${a.rateLimitBurstsPerDay} times a day a burst of 429s lasting
${range(a.rateLimitBurstSeconds, 's')} refuses ${pct(a.rateLimitShare)} of requests; ${a.latencySpikesPerDay}
times a day a latency spike of ${range(a.latencySpikeMinutes, 'min')} multiplies latency by
${a.latencySpikeFactor[0]}–${a.latencySpikeFactor[1]}×. Latency is log-normal around ${a.medianLatencyMs} ms (σ ${a.latencySigma});
a request past the 30 s deadline is a timeout. In ${pct(a.runnerBlipRate)} of runs the runner itself
cannot reach the provider (DNS, egress) and every request of that run fails with \`network\`.

**Outages.** ${a.outages} a month, at random times at least ${a.minGapMinutes} minutes apart, lasting
${range(a.outageMinutes, 'min')} (log-uniform: as many short ones as long ones). ${pct(a.fullOutageShare)} are
full (every request fails: 70% with a 503, 30% with a timeout); the others are partial, failing
${pct(a.partialFailureRate[0])}–${pct(a.partialFailureRate[1])} of requests. An outage is
what the month injected, whatever the policies make of it.

**Policies.** The action's candidates differ in \`checks\`, \`open-after\`, \`close-after\` and how
the success rate is judged (\`min-success-rate\` alone, or with \`success-confidence\`); all keep
\`interval: 1\`, \`timeout: 30\`, \`rate-limit-policy: exclude\` and \`reopen-window: 24\`. The
peers are written with the same inputs, so they run through the same code: **Upptime**
(\`checks: 3\` stopping at the first success, as its two re-tests do back to back; down only when all
three fail; an issue at once, closed on the first success; a 429 is a failure) and **Gatus**
(\`checks: 1\`, \`min-success-rate: 100\`, \`open-after: 3\`, \`close-after: 2\`; a 429 is a failure).

## What is counted

- **Detected**: an issue opens (or reopens) between the outage's start and ${GRACE_MS / MINUTE} minutes
  after its end, or one is already open when it starts. **Delay**: from the outage's start to the end
  of the burst that opened the issue.
- **Missed**: not detected. Outages shorter than ${LONG_OUTAGE_MINUTES} minutes are often missed on
  purpose (one run saw them); the column gives, in brackets, the ones of ${LONG_OUTAGE_MINUTES} minutes
  or more.
- **Found after the 2nd run**: of the outages of ${LONG_OUTAGE_MINUTES} minutes or more, those whose issue
  was opened by the third or a later run that started during the outage.
- **False issue**: an issue opened or reopened outside every outage (and its ${GRACE_MS / MINUTE} minutes
  of grace). Each one would notify the people watching.
- **Flap**: an issue opened again during an outage it had already reported (closed too early).
- **Issue open**: minutes a tracking issue was open, against the minutes of injected outages.
- **Requests**: requests sent to the provider in the month.

## Limits

One target; no latency thresholds (\`max-latency\`, \`max-ttft\`), so latency spikes only matter when
they reach the deadline; GitHub's API always answers (its faults are tested in
\`test/tracker-github.test.ts\`); a runner's network failure is modelled as a whole failed run. The
rates are assumptions, not measurements: change them in \`sim/world.ts\` and run \`npm run simulate\`
again.
${regression === '' ? '' : `\n${regression}`}`;
}
