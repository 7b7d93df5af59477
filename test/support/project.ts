import { AsyncLocalStorage, createHook } from 'node:async_hooks';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runProcess } from './process.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = join(repoRoot, 'bin', 'oauth-postman.js');

/**
 * The URL of a module of src/ as compiled to dist/ (`npm run build`, which `npm test` runs first):
 * `builtModule('run/report-files.js')`. A child process imports this rather than the TypeScript
 * under tsx, which about doubles the CPU time of loading modules.
 */
export const builtModule = (path: string) => pathToFileURL(join(repoRoot, 'dist', path)).href;

/** A throw-away copy of the project's committed files, so runs never touch the working tree or a developer's .env. */
export async function makeProject(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'oauth-postman-test-'));
  for (const entry of ['oauth-postman.config.json', 'openapi', 'collections', 'environments']) {
    await cp(join(repoRoot, entry), join(dir, entry), { recursive: true });
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
}

/** The process environment a user would have, minus anything of ours that could leak in from the developer's shell. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(OAUTH_|API_BASE_URL|TOKEN_REFRESH_)/.test(key)) env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** A finished CLI run, with the files it left in its own temporary directory. */
export interface CliRun extends CliResult {
  /** Files left in the run's TMPDIR (a directory of its own, removed afterwards), by path inside it. */
  temporaryFiles: { path: string; text: string }[];
}

/**
 * Runs the CLI as a user would, in its own temporary directory (TMPDIR): a file the run leaves
 * behind there is its own, never another test's running at the same time.
 */
export async function runCli(
  args: string[],
  options: {
    cwd: string;
    env?: Record<string, string>;
    input?: string;
    timeoutMs?: number;
    /** A command that starts node in its stead, such as `setpriv …` (support/without-rights.ts). */
    launcher?: string[];
    /** Run in a process of its own even without input or a launcher (signals, exit, what is left running). */
    subprocess?: boolean;
    /** Hears standard output as the command prints it, while it runs (in this process only). */
    onStdout?: (text: string) => void;
  },
): Promise<CliRun> {
  const inProcess = options.input === undefined && options.launcher === undefined && !options.subprocess;
  if (options.onStdout && !inProcess) throw new Error('runCli: onStdout hears a command run in this process only');
  const tempDir = await mkdtemp(join(tmpdir(), 'oauth-postman-run-'));
  try {
    const env = cleanEnv({ TMPDIR: tempDir, ...options.env });
    const [command, ...launcherArgs] = [...(options.launcher ?? []), process.execPath];
    const { code, stdout, stderr, output } = inProcess
      ? await runInThisProcess(args, options.cwd, env, options.timeoutMs ?? 120_000, options.onStdout)
      : await runProcess(command!, [...launcherArgs, cliPath, ...args], {
          cwd: options.cwd,
          env,
          input: options.input ?? '',
          timeoutMs: options.timeoutMs,
        });
    return { code, stdout, stderr, output, temporaryFiles: await temporaryFilesIn(tempDir) };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** The files under `dir` (a run's own TMPDIR), by path inside it, with their text. */
export async function temporaryFilesIn(dir: string): Promise<{ path: string; text: string }[]> {
  const files: { path: string; text: string }[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    files.push({ path: relative(dir, path), text: await readFile(path, 'utf8').catch(() => '') });
  }
  return files;
}

let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * The CLI's own `main`, as bin/oauth-postman.js calls it, in this process: the same code as a
 * subprocess runs, without starting node and loading Newman again for every command line. One at a
 * time, each with the process environment, working directory, output and exit code as its own.
 */
function runInThisProcess(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  onStdout?: (text: string) => void,
): Promise<CliResult> {
  const run = inProcessQueue.then(async () => {
    const { main } = (await import(builtModule('cli.js'))) as {
      main: (argv: string[]) => Promise<void>;
    };
    const savedEnv = { ...process.env };
    const savedCwd = process.cwd();
    // This process's own standard streams are made on first use (`import process` touches all three):
    // make them here, outside the command, whose to stop they are not.
    void process.stdin;
    const savedWrites = { stdout: process.stdout.write, stderr: process.stderr.write };
    const captured = { stdout: '', stderr: '' };
    const capture = (name: 'stdout' | 'stderr') =>
      ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        captured[name] += text;
        if (name === 'stdout') onStdout?.(text);
        const done = typeof encoding === 'function' ? encoding : callback;
        if (typeof done === 'function') process.nextTick(done as () => void);
        return true;
      }) as typeof process.stdout.write;
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, env);
    process.chdir(cwd);
    process.exitCode = undefined;
    process.stdout.write = capture('stdout');
    process.stderr.write = capture('stderr');
    try {
      await runTracked(() => main(args), timeoutMs);
      const code = typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0);
      return { code, stdout: captured.stdout, stderr: captured.stderr, output: captured.stdout + captured.stderr };
    } finally {
      process.stdout.write = savedWrites.stdout;
      process.stderr.write = savedWrites.stderr;
      process.exitCode = undefined;
      process.chdir(savedCwd);
      for (const key of Object.keys(process.env)) delete process.env[key];
      Object.assign(process.env, savedEnv);
    }
  });
  inProcessQueue = run.catch(() => undefined);
  return run;
}

/** Marks what a command started in this process, to see whether it is all stopped when the command returns. */
const commandContext = new AsyncLocalStorage<Map<number, { type: string; resource: { hasRef?: () => boolean } }>>();
const resourceTracker = createHook({
  init(asyncId, type, _triggerAsyncId, resource) {
    if (type !== 'PROMISE') commandContext.getStore()?.set(asyncId, { type, resource: resource as { hasRef?: () => boolean } });
  },
  destroy(asyncId) {
    for (const started of trackedRuns) started.delete(asyncId);
  },
});
const trackedRuns = new Set<Map<number, unknown>>();

/**
 * As its own process, a command that leaves a server, socket, timer or child running does not end:
 * the user's terminal or CI job hangs. Run in this process, the same mistake would pass unseen, so
 * whatever the command started must be stopped shortly after it returns.
 */
async function runTracked(command: () => Promise<void>, timeoutMs: number): Promise<void> {
  const started = new Map<number, { type: string; resource: { hasRef?: () => boolean } }>();
  trackedRuns.add(started);
  resourceTracker.enable();
  let timer: NodeJS.Timeout | undefined;
  // A safety net against a command that never returns (a subprocess would be killed), not a speed assertion.
  const tooLong = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the command did not return within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([commandContext.run(started, command), tooLong]);
    clearTimeout(timer);
    const keepingAlive = () =>
      [...started.values()].filter(({ resource }) => typeof resource.hasRef === 'function' && resource.hasRef());
    for (let waited = 0; keepingAlive().length > 0 && waited < 3000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const left = keepingAlive();
    if (left.length > 0) {
      throw new Error(
        `the command returned but left ${left.length} thing(s) running, which would keep its process from exiting: ${left.map(({ type }) => type).join(', ')}`,
      );
    }
  } finally {
    clearTimeout(timer);
    trackedRuns.delete(started);
    if (trackedRuns.size === 0) resourceTracker.disable();
  }
}
