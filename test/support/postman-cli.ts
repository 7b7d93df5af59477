import { join } from 'node:path';
import { runProcess } from './process.js';
import { repoRoot } from './project.js';

/** Reporter options for a run whose JSON report (Newman's structure) is read back from `file`. */
export const jsonReportArgs = (file: string) => [
  '-r',
  'cli,json',
  '--reporter-json-structure',
  'newman',
  '--reporter-json-export',
  file,
];

/**
 * The official Postman CLI (devDependency `postman-cli`), the runner of the Postman app, offline:
 * `postman collection run FILE -e ENV` runs local files with no login.
 */
export async function runPostmanCli(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  const { code, output } = await runProcess(join(repoRoot, 'node_modules', '.bin', 'postman'), args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    timeoutMs: 180_000,
  });
  return { code, output };
}
