/**
 * The plain loop the classic guides show, the baseline of `seed_script_ratio`: call, log, sleep, repeat.
 * It sleeps after each call, so every call's duration adds to the loop's; the action spaces the
 * starts instead. No sleep after the last call: the comparison leans the loop's way.
 */
import OpenAI from 'openai';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runSeedLoop(options: {
  baseURL: string;
  model: string;
  calls: number;
  intervalMs: number;
  log: (line: string) => void;
}): Promise<void> {
  const client = new OpenAI({ baseURL: options.baseURL, apiKey: 'no-key' });
  for (let i = 0; i < options.calls; i++) {
    const started = performance.now();
    const stream = await client.chat.completions.create({
      model: options.model,
      messages: [{ role: 'user', content: 'ping' }],
      max_tokens: 16,
      stream: true,
    });
    let reply = '';
    for await (const chunk of stream) reply += chunk.choices[0]?.delta?.content ?? '';
    options.log(`call ${i + 1}: ${Math.round(performance.now() - started)} ms ${JSON.stringify(reply)}`);
    if (i < options.calls - 1) await sleep(options.intervalMs);
  }
}
