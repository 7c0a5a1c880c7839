/**
 * The production GitHub client (retry and throttling plugins included) with its waits shrunk from
 * seconds to milliseconds, for tests against the GitHub stand-in.
 */
import Bottleneck from 'bottleneck';
import { createGitHubClient } from '../../src/tracker/octokit.js';

export function testGitHubClient(baseUrl: string, deadlineMs?: number, writeSpacingMs = 1, secondMs = 1) {
  const queue = () => new Bottleneck.Group({ maxConcurrent: 1, minTime: writeSpacingMs });
  return createGitHubClient('test-token', {
    baseUrl,
    secondMs,
    deadlineMs,
    writeQueues: { write: queue(), notifications: queue() },
  });
}
