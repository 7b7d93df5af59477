/**
 * Start-up costs, each measured in fresh child processes as a user meets them: the README's main
 * job (`npm run newman` on the embedded server, with and without npm's own start), `--help` and
 * `generate` next to `node -e 0` (Node's own start, the floor), `serve` from its start to the first
 * token issued, and the local server's import and start. All of it in a throw-away copy of the
 * project, so that nothing is written into the working tree.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_CLIENT } from '../src/server/demo-clients.js';
import { cleanEnv, makeProject } from '../test/support/project.js';
import { SIZES } from './sizes.js';
import { pairedRatios, summarize, type Summary } from './stats.js';
import { repoRoot } from './variants.js';

export interface ChildResult {
  wallMs: number;
  stdout: string;
}

/** Wall time from spawn to exit. Fails loudly on a non-zero exit: a broken command has no start-up time. */
export function timeChild(
  args: readonly string[],
  cwd: string,
  timeoutMs = 60_000,
  command = process.execPath,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
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
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.slice(0, 2000)}`));
    });
  });
}

export const cliPath = join(repoRoot, 'bin', 'oauth-postman.js');

/** The commands compared, each run once per round (npm: `npm run newman`, npm's start included). */
export const STARTUP_COMMANDS = {
  nodeOnly: ['-e', '0'],
  help: [cliPath, '--help'],
  generate: [cliPath, 'generate'],
  newmanDefault: [cliPath, 'newman'],
  npmRunNewman: ['run', '--silent', 'newman'],
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

/**
 * `serve --port 0` from spawn to the first token it issues: the token request leaves as soon as
 * the token URL is printed, as a script waiting for the server would send it.
 */
export function timeServeToFirstToken(cwd: string, timeoutMs = 60_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0'], {
      cwd,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs); // a hang guard, not a measurement
    let output = '';
    let sent = false;
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.on('error', fail);
    child.on('close', () => clearTimeout(timer));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const tokenUrl = /Token URL:\s+(\S+)/.exec(output)?.[1];
      if (!tokenUrl || sent) return;
      sent = true;
      const basic = Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.clientSecret}`).toString('base64');
      fetch(tokenUrl, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      })
        .then(async (response) => {
          const body = (await response.json()) as { access_token?: unknown };
          const elapsed = performance.now() - started;
          if (response.status !== 200 || typeof body.access_token !== 'string')
            throw new Error(`serve answered ${response.status}`);
          child.once('close', () => resolve(elapsed));
          child.kill('SIGTERM');
        })
        .catch(fail);
    });
  });
}

export interface StartupResult {
  wallMs: Record<StartupCommand, Summary>;
  /** Paired with `node -e 0` of the same round. */
  overNode: Record<'help' | 'generate' | 'newmanDefault', Summary>;
  serveToFirstTokenMs: Summary;
  serverImportMs: Summary;
  serverFirstStartMs: Summary;
  serverWarmStartMs: Summary;
}

/** Every start-up figure, alternating the commands round by round after one unmeasured round. */
export async function measureStartup(progress: (message: string) => void): Promise<StartupResult> {
  const project = await makeProject();
  const dir = project.dir;
  try {
    // `npm run newman` as the README has it, pointed at this checkout's CLI.
    const scripts = { newman: `node ${JSON.stringify(cliPath)} newman` };
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'bench-copy', private: true, scripts }));
    const commands = Object.keys(STARTUP_COMMANDS) as StartupCommand[];
    const run = (name: StartupCommand) =>
      name === 'npmRunNewman' ? timeChild(STARTUP_COMMANDS[name], dir, 60_000, 'npm') : timeChild(STARTUP_COMMANDS[name], dir);
    const samples = Object.fromEntries(commands.map((name) => [name, [] as number[]])) as Record<StartupCommand, number[]>;
    const serveSamples: number[] = [];
    const probes: ServerStartProbe[] = [];
    // One unmeasured round first: the page cache, not the CLI, decides the very first start.
    for (const name of commands) await run(name);
    await timeServeToFirstToken(dir);
    for (let round = 1; round <= SIZES.startup.rounds; round += 1) {
      for (const name of commands) samples[name].push((await run(name)).wallMs);
      serveSamples.push(await timeServeToFirstToken(dir));
      probes.push(await probeServerStart(dir, SIZES.startup.serverWarmStarts));
      progress(
        `  start-up round ${round}/${SIZES.startup.rounds}: ` +
          commands.map((name) => `${name} ${samples[name].at(-1)!.toFixed(0)} ms`).join(', ') +
          `, serve to first token ${serveSamples.at(-1)!.toFixed(0)} ms`,
      );
    }
    return {
      wallMs: Object.fromEntries(commands.map((name) => [name, summarize(samples[name])])) as Record<StartupCommand, Summary>,
      overNode: {
        help: pairedRatios(samples.help, samples.nodeOnly),
        generate: pairedRatios(samples.generate, samples.nodeOnly),
        newmanDefault: pairedRatios(samples.newmanDefault, samples.nodeOnly),
      },
      serveToFirstTokenMs: summarize(serveSamples),
      serverImportMs: summarize(probes.map((probe) => probe.importMs)),
      serverFirstStartMs: summarize(probes.map((probe) => probe.firstStartMs)),
      serverWarmStartMs: summarize(probes.flatMap((probe) => probe.warmStartsMs)),
    };
  } finally {
    await project.remove();
  }
}
