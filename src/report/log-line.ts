import type { CheckResult } from '../probe/result.js';
import { jsonLogLine } from '../text/log.js';

/** One line per check for log pipelines: flat, self-describing JSON, inert for the runner. */
export function checkLine(targetName: string, model: string, result: CheckResult): string {
  return jsonLogLine({
    event: 'llm-heartbeat.check',
    target: targetName,
    requestedModel: model,
    ...result,
  });
}
