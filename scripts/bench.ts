/**
 * `npm run bench`: how close the probe comes to the limit, each figure side by side with its baseline.
 * The phases live in bench/run.ts; this entry only puts the resolve hook in place before loading them.
 *
 *   npm run bench                  the table on stdout, progress on stderr
 *   npm run -s bench -- --json     exactly one JSON object on stdout (-s keeps npm's banner off stdout)
 *   npm run bench -- --write       also rewrites BENCHMARKS.md (its hand-written notes are kept)
 *   npm run bench -- --only scale,error   only those phases, each figure on a line (for comparing variants)
 */
import './ts-resolve.ts';

await import('../bench/run.ts');
