import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HistoryBackend, WriteResult } from './backend.js';
import type { HistoryRecord } from './record.js';
import {
  type BranchFiles,
  blobSha,
  branchStates,
  type PlanOptions,
  pathsToRead,
  planWrite,
  STATE_PATH,
} from './store.js';

/** The CLI's --history-dir: the data branch's files in a folder. One writer at a time. */
export function localHistory(dir: string): HistoryBackend {
  const read = async (p: string): Promise<string | null> => {
    try {
      return await readFile(path.join(dir, p), 'utf8');
    } catch {
      return null;
    }
  };
  async function listing(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let entries: string[] = [];
    try {
      entries = (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    } catch {}
    for (const p of entries) out.set(p, blobSha((await read(p)) ?? ''));
    return out;
  }
  return {
    async read() {
      const state = await read(STATE_PATH);
      const paths = await listing();
      const hours = new Map<string, string | null>();
      for (const p of pathsToRead([], state, paths)) hours.set(p, await read(p));
      const { states, damaged, warnings } = branchStates(state, hours);
      return {
        states,
        warnings: [
          ...(damaged > 0 ? [`History: ${damaged} damaged line(s) in ${STATE_PATH} skipped.`] : []),
          ...warnings,
        ],
      };
    },
    async write(records: HistoryRecord[], options: PlanOptions): Promise<WriteResult> {
      const paths = await listing();
      const state = await read(STATE_PATH);
      const branch: BranchFiles = {
        paths,
        state,
        hours: new Map(
          await Promise.all(pathsToRead(records, state, paths).map(async (p) => [p, await read(p)] as const)),
        ),
      };
      const plan = planWrite(branch, records, options);
      try {
        for (const [p, content] of plan.files) {
          const file = path.join(dir, p);
          if (content === null) await rm(file, { force: true });
          else {
            await mkdir(path.dirname(file), { recursive: true });
            await writeFile(file, content, 'utf8');
          }
        }
      } catch (err) {
        return {
          plan,
          written: false,
          warnings: [...plan.warnings, `History not written to ${dir}: ${(err as Error).message}`],
          where: dir,
          requests: 0,
          attempts: 1,
        };
      }
      return { plan, written: true, warnings: plan.warnings, where: dir, requests: 0, attempts: 1 };
    },
  };
}
