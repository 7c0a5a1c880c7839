#!/usr/bin/env node
// First: the probe's requests must go through Node's own undici (see probe/http-client.ts).
import './probe/http-client.js';
import { runCli } from './cli/main.js';

// The CLI's entry only starts the run; runCli decides the exit code.
process.exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
});
