import type { CheckResult } from '../probe/result.js';

/** One line per check for log pipelines: flat, self-describing JSON. */
export function checkLine(targetName: string, model: string, result: CheckResult): string {
  return JSON.stringify({
    event: 'llm-heartbeat.check',
    target: targetName,
    requestedModel: model,
    ...result,
  });
}
