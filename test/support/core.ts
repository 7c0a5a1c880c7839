/**
 * One typed stand-in for the parts of @actions/core that run() uses (the `Core` seam of src/main.ts):
 * it records what the action said and set, and its summary can be made to fail.
 */
import type { Core } from '../../src/main.js';

export interface FakeCore extends Core {
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  secrets: string[];
  infos: string[];
  warnings: string[];
  notices: string[];
  failures: string[];
  summaries: string[];
}

export function fakeCore(inputs: Record<string, string>, options: { summaryFails?: boolean } = {}): FakeCore {
  const fake: Omit<FakeCore, 'summary'> = {
    inputs,
    outputs: {},
    secrets: [],
    infos: [],
    warnings: [],
    notices: [],
    failures: [],
    summaries: [],
    getInput: (name: string) => inputs[name] ?? '',
    setSecret: (secret: string) => {
      fake.secrets.push(secret);
    },
    setOutput: (name: string, value: unknown) => {
      fake.outputs[name] = String(value);
    },
    setFailed: (message: string | Error) => {
      fake.failures.push(String(message));
    },
    info: (message: string) => {
      fake.infos.push(message);
    },
    warning: (message: string | Error) => {
      fake.warnings.push(String(message));
    },
    notice: (message: string | Error) => {
      fake.notices.push(String(message));
    },
  };
  let pending = '';
  const summary = {
    addRaw(text: string) {
      pending += text;
      return summary;
    },
    async write() {
      if (options.summaryFails) throw new Error('EACCES: permission denied, open the step summary file');
      fake.summaries.push(pending);
      pending = '';
      return summary;
    },
  };
  return Object.assign(fake, { summary: summary as unknown as Core['summary'] }) as FakeCore;
}
