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

/** A running child's output as it comes. */
export interface OutputSeen {
  /** The first match of the pattern waited for. */
  match: RegExpExecArray;
  /** Everything the child has printed so far (it keeps growing while the child runs). */
  printed(): string;
}

/**
 * Waits until what a running child prints (stdout and stderr as they come, or stdout alone)
 * matches `pattern`. Fails, naming `what` and with what the child printed, when it ends first or
 * when `timeoutMs` (if given) is over.
 */
export function outputMatching(
  child: ChildProcess,
  pattern: RegExp,
  options: { what: string; timeoutMs?: number; stdoutOnly?: boolean },
): Promise<OutputSeen> {
  let output = '';
  const printed = () => output;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (why: string) =>
      settle(() => reject(new Error(`Stopped waiting for ${options.what}: ${why}; the output so far:\n${output}`)));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => fail(`nothing within ${options.timeoutMs} ms`), options.timeoutMs);
    const look = (chunk: Buffer | string) => {
      output += String(chunk);
      const match = settled ? null : pattern.exec(output);
      if (match) settle(() => resolve({ match, printed }));
    };
    for (const stream of options.stdoutOnly ? [child.stdout] : [child.stdout, child.stderr]) stream?.on('data', look);
    child.on('error', (error) => fail(error.message));
    child.on('close', (code, signal) => fail(`the process ended (${signal ?? code})`));
  });
}
