// Preloaded into a bundle (NODE_OPTIONS=--import): counts the undici diagnostics events that only
// Node's own undici publishes, and prints the counts on exit, so a test can see which copy of undici
// carried the requests.
import dc from 'node:diagnostics_channel';

const counts = { bodyChunkSent: 0, bodyChunkReceived: 0 };
for (const name of Object.keys(counts)) {
  dc.subscribe(`undici:request:${name}`, () => {
    counts[name]++;
  });
}
process.on('exit', () => {
  process.stderr.write(`wire-events=${JSON.stringify(counts)}\n`);
});
