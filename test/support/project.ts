import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = join(repoRoot, 'bin', 'oauth-postman.js');

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
    /** A command that starts node in its stead, such as `setpriv …` (support/low-ports.ts). */
    launcher?: string[];
  },
): Promise<CliRun> {
  const tempDir = await mkdtemp(join(tmpdir(), 'oauth-postman-run-'));
  try {
    const result = await new Promise<CliResult>((resolve, reject) => {
      const [command, ...launcherArgs] = [...(options.launcher ?? []), process.execPath];
      const child = spawn(command!, [...launcherArgs, cliPath, ...args], {
        cwd: options.cwd,
        env: cleanEnv({ TMPDIR: tempDir, ...options.env }),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      // A generous safety net against hangs, not a speed assertion.
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, output: stdout + stderr });
      });
      child.stdin.end(options.input ?? '');
    });
    return { ...result, temporaryFiles: await temporaryFilesIn(tempDir) };
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
