import { relative } from 'node:path';
import type { NewmanRunResult } from './newman-runner.js';

/** What `newman --json` prints: enough for a script to decide and to point a person at the failure. */
export interface RunSummaryJson {
  env: string;
  ok: boolean;
  exitCode: number;
  iterations: number;
  requests: { total: number; failed: number };
  assertions: { total: number; passed: number; failed: number };
  failures: { request: string; assertion: string | null; error: string; message: string; iteration: number | null }[];
  /** Paths relative to the project directory. */
  reports: string[];
}

interface FailureShape {
  error?: { name?: string; test?: string; message?: string };
  source?: { name?: string };
  cursor?: { iteration?: number };
}

export function runSummaryJson(
  result: NewmanRunResult,
  context: { envName: string; iterations: number; exitCode: number; projectDir: string; mask: (text: string) => string },
): RunSummaryJson {
  // Messages come from scripts and from Node errors, and a URL in them can carry the secret (clientAuth query).
  const clean = (text: string | undefined) => context.mask(text ?? '');
  const failures = (result.summary.run.failures as unknown as FailureShape[]).map((failure) => ({
    request: clean(failure.source?.name ?? '(collection)'),
    assertion: failure.error?.test ? clean(failure.error.test) : null,
    error: clean(failure.error?.name ?? 'Error'),
    message: clean(failure.error?.message),
    iteration: typeof failure.cursor?.iteration === 'number' ? failure.cursor.iteration + 1 : null,
  }));
  return {
    env: context.envName,
    ok: context.exitCode === 0,
    exitCode: context.exitCode,
    iterations: context.iterations,
    requests: result.requests,
    assertions: {
      total: result.assertions.total,
      passed: result.assertions.total - result.assertions.failed,
      failed: result.assertions.failed,
    },
    failures,
    reports: result.reportFiles.map((file) => relative(context.projectDir, file)),
  };
}
