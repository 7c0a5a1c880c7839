/**
 * `npm run simulate`: a simulated month of scheduled runs through the action's verdict and tracker,
 * for the candidate defaults and for Upptime- and Gatus-style policies. Prints the table, writes
 * docs/simulation.md and the README's "Choosing the defaults" block. See sim/ and docs/simulation.md.
 */
import './ts-resolve.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const { renderDoc, renderTable, simulate, tradeOff } = await import('../sim/report.ts');
const { replaceBetween } = await import('./readme-tables.ts');
const { renderRegressionSection, simulateRegression } = await import('../sim/regression.ts');

const SEED = 1;
const MONTHS = 12;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
const sim = simulate(SEED, MONTHS);
const elapsedMs = performance.now() - started;

console.log(renderTable(sim));
console.log(`\n${tradeOff(sim)}\n`);

const regressionStarted = performance.now();
const regression = renderRegressionSection(simulateRegression(SEED), sim.world.runs.length);
console.log(`\n${regression}\n(${((performance.now() - regressionStarted) / 1000).toFixed(1)} s)`);
writeFileSync(path.join(root, 'docs/simulation.md'), renderDoc(sim, regression));
const readmePath = path.join(root, 'README.md');
const block = [
  `A simulated month of runs every 5 minutes (GitHub's late and dropped runs, a provider with background errors, 429 bursts, latency spikes and ${sim.world.outages.length} injected outages of 5–120 minutes), through the action's own verdict and tracker (\`npm run simulate\`; assumptions and definitions in [docs/simulation.md](docs/simulation.md)):`,
  renderTable(sim),
  tradeOff(sim),
].join('\n\n');
writeFileSync(readmePath, replaceBetween(readFileSync(readmePath, 'utf8'), 'simulation', block));
console.log(
  `Simulated ${MONTHS} months in ${(elapsedMs / 1000).toFixed(1)} s; wrote docs/simulation.md and README.md.`,
);
