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
