// First: the probe's requests must go through Node's own undici (see probe/http-client.ts).
import './probe/http-client.js';
import { run } from './main.js';

// The entry only starts the run; run() owns every failure and the exit code.
await run();
