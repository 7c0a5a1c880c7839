// The baseline of `cold_start_ratio`: the least an action can do that checks an endpoint. It imports
// @actions/core, reads its inputs and makes one chat completion request; scripts/bench.ts bundles it
// with ncc exactly as `npm run bundle` bundles src/index.ts, and runs both bundles the same way.
import * as core from '@actions/core';

const response = await fetch(`${core.getInput('base-url')}/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer no-key' },
  body: JSON.stringify({
    model: core.getInput('model'),
    messages: [{ role: 'user', content: 'ping' }],
    max_tokens: 16,
  }),
});
const body = await response.json();
core.setOutput('status', response.ok ? 'up' : 'down');
core.info(`reply: ${JSON.stringify(body.choices?.[0]?.message?.content ?? null)}`);
