import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** How a process ended, and what it printed. */
export interface ProcessResult {
  code: number | null;
  /** The signal that ended it: SIGKILL when the hang guard had to stop it. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout, then stderr. */
  output: string;
}

/**
 * Collects what `child` prints until it ends. After `timeoutMs` it is killed (SIGKILL): a guard
 * against a hang, not a speed assertion, so generous.
 */
export function finished(child: ChildProcess, timeoutMs = 120_000): Promise<ProcessResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(guard);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, output: stdout + stderr });
    });
  });
}

/**
 * Runs `command` to its end (bounded as `finished` says). With `input`, that is written to its
 * standard input, which is then closed; without, its standard input stays open and unused.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { input?: string; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  const { input, timeoutMs, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, stdio: 'pipe' });
  const result = finished(child, timeoutMs);
  if (input !== undefined) child.stdin.end(input);
  return result;
}
