// Preloaded into the bundle for `scale_rss_mb` (NODE_OPTIONS=--import): on exit, the process's own
// peak resident set size in KB, as the kernel counted it (getrusage ru_maxrss).
process.on('exit', () => {
  process.stderr.write(`bench-peak-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
