/**
 * Where commands print. Results go to stdout, progress and diagnostics to stderr, so that
 * `--json` output can be piped. Nothing printed through here may contain a secret.
 */
export interface Output {
  /** A human-readable line (stderr in --json mode, else stdout). */
  info(line: string): void;
  /** Machine-readable result (stdout). */
  json(value: unknown): void;
  warn(line: string): void;
  /** A command's closing line: printed even with --quiet (stderr in --json mode, where stdout is the JSON). */
  result(line: string): void;
}

export function consoleOutput(options: { json?: boolean; quiet?: boolean } = {}): Output {
  return {
    info(line) {
      if (options.quiet) return;
      (options.json ? process.stderr : process.stdout).write(`${line}\n`);
    },
    json(value) {
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    warn(line) {
      process.stderr.write(`${line}\n`);
    },
    result(line) {
      (options.json ? process.stderr : process.stdout).write(`${line}\n`);
    },
  };
}

/**
 * Whether output may carry colour codes: never with NO_COLOR set (no-color.org), else as FORCE_COLOR
 * says, else only when stdout is a terminal (piped into a file, a CI log or `less`, codes are noise).
 */
export function colourWanted(env: NodeJS.ProcessEnv, stdoutIsTerminal: boolean): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR.trim().toLowerCase());
  return stdoutIsTerminal;
}

/**
 * One colour decision for the whole process, made before any library loads: Newman's reporter takes
 * it as its `color` option, but the failure table it draws (cli-table3, through @colors/colors) and
 * other libraries only listen to FORCE_COLOR, so without colour it is set to 0 for all of them.
 */
export function settleColour(env: NodeJS.ProcessEnv = process.env, stdoutIsTerminal = process.stdout.isTTY === true): void {
  if (!colourWanted(env, stdoutIsTerminal)) env.FORCE_COLOR = '0';
}

/** `main` can run more than once in a process (the tests run it in theirs): one listener per stream. */
const streamsWatched = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that leaves early (`| head`) closes the pipe, and the next write fails with EPIPE. Without
 * a listener that is an uncaught error with a stack trace. Here the rest of that stream's output is
 * dropped (a destroyed stream ignores writes) and the command finishes as it would have: reports
 * written and renamed, temporary files and servers gone, the same exit code.
 */
export function dropOutputWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  if (streamsWatched.has(stream)) return;
  streamsWatched.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
