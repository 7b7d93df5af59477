/**
 * Start-up costs, each measured in fresh child processes as a user meets them: the CLI's
 * `--help` and `generate` next to `node -e 0` (Node's own start, the floor), the local server's
 * import and start, and the whole default `newman` run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanEnv } from '../test/support/project.js';
import { repoRoot } from './variants.js';

export interface ChildResult {
  wallMs: number;
  stdout: string;
}

/** Wall time from spawn to exit. Fails loudly on a non-zero exit: a broken command has no start-up time. */
export function timeChild(args: readonly string[], cwd: string, timeoutMs = 60_000): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs); // a hang guard, not a measurement
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      if (code === 0) resolve({ wallMs, stdout });
      else reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${stderr.slice(0, 2000)}`));
    });
  });
}

export const cliPath = join(repoRoot, 'bin', 'oauth-postman.js');

/** The commands compared, each run once per round. */
export const STARTUP_COMMANDS = {
  nodeOnly: ['-e', '0'],
  help: [cliPath, '--help'],
  generate: [cliPath, 'generate'],
  newmanDefault: [cliPath, 'newman'],
} as const;

export type StartupCommand = keyof typeof STARTUP_COMMANDS;

export interface ServerStartProbe {
  /** `await import()` of the compiled server module (oidc-provider and its dependencies) in a fresh process. */
  importMs: number;
  /** The first startAuthorizationServer() in that process: from the call until it resolved. */
  firstStartMs: number;
  /** Later starts in the same process (everything already loaded and compiled). */
  warmStartsMs: number[];
}

/**
 * Imports dist/server/authorization-server.js in a fresh Node process and times the import and
 * a few starts there. The compiled module, because that is what `serve` and `newman` load.
 */
export async function probeServerStart(cwd: string, warmStarts: number): Promise<ServerStartProbe> {
  const moduleUrl = new URL('../dist/server/authorization-server.js', import.meta.url).href;
  const script = `
    const t0 = performance.now();
    const { startAuthorizationServer } = await import(${JSON.stringify(moduleUrl)});
    const importMs = performance.now() - t0;
    const time = async () => {
      const t = performance.now();
      const server = await startAuthorizationServer({ host: '127.0.0.1', port: 0 });
      const ms = performance.now() - t;
      await server.close();
      return ms;
    };
    const firstStartMs = await time();
    const warmStartsMs = [];
    for (let i = 0; i < ${warmStarts}; i++) warmStartsMs.push(await time());
    process.stdout.write(JSON.stringify({ importMs, firstStartMs, warmStartsMs }));
  `;
  const { stdout } = await timeChild(['--input-type=module', '-e', script], cwd);
  return JSON.parse(stdout) as ServerStartProbe;
}
