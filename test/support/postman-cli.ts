import { spawn } from 'node:child_process';
import { join } from 'node:path';
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
export function runPostmanCli(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(repoRoot, 'node_modules', '.bin', 'postman'), args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    // A safety net against a hang, not a speed assertion.
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
