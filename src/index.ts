import { run } from './main.js';

// The entry only starts the run; run() owns every failure and the exit code.
await run();
