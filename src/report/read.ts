import { glob, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportFile } from '../aggregate.js';

/**
 * The JSON reports a glob names, relative to the workspace, in a stable order. A file that is not
 * JSON is kept with its parse error as content, so aggregation names it in a clear error.
 */
export async function readReports(pattern: string, cwd: string): Promise<ReportFile[]> {
  const paths: string[] = [];
  // Globs use forward slashes on every OS.
  for await (const file of glob(pattern.replace(/\\/g, '/'), { cwd })) paths.push(file);
  paths.sort();
  return Promise.all(
    paths.map(async (file) => {
      const text = await readFile(path.resolve(cwd, file), 'utf8');
      try {
        return { path: file, content: JSON.parse(text) as unknown };
      } catch (err) {
        return { path: file, content: { notJson: (err as Error).message } };
      }
    }),
  );
}
