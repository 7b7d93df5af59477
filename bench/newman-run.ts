/**
 * One Newman run of one variant against a fresh local authorization server on 127.0.0.1, with
 * the server's own counters as the source of truth for token fetches and refused requests.
 */
import { performance } from 'node:perf_hooks';
import newman, { type NewmanRunOptions, type NewmanRunSummary } from 'newman';
import { startAuthorizationServer } from '../src/server/authorization-server.js';
import { fetchClientCredentialsToken } from '../src/token/client-credentials.js';
import { leanEnvironment } from '../src/run/lean-collection.js';
import { environmentFor, FIXED_TOKEN_VARIANTS, variantCollection, type BenchProject, type VariantName } from './variants.js';

export interface VariantRunOptions {
  requestCount: number;
  tokenTtlSeconds: number;
  /** Newman's --delay-request: a pause before each request, so a run can span several token lifetimes. */
  delayRequestMs?: number;
  /** Called after each request with how many have completed (for memory sampling). */
  onRequestDone?: (completed: number) => void;
}

export interface VariantRun {
  variant: VariantName;
  /** newman.run() call to its callback. */
  wallMs: number;
  /**
   * From the start of the first item (its pre-request script) to the end of the last request:
   * the time during which a valid token is needed. Newman's own start and finish need none.
   */
  requestSpanMs: number;
  tokenRequests: number;
  tokensIssued: number;
  apiRequests: number;
  apiUnauthorized: number;
  /** Failed requests, assertions and script errors, as Newman counts them. */
  failures: number;
}

export async function runVariant(project: BenchProject, variant: VariantName, options: VariantRunOptions): Promise<VariantRun> {
  const collection = await variantCollection(project, variant, options.requestCount);
  const server = await startAuthorizationServer({ host: '127.0.0.1', port: 0, tokenTtlSeconds: options.tokenTtlSeconds });
  try {
    let environment = environmentFor(project, server);
    if (FIXED_TOKEN_VARIANTS.includes(variant)) {
      // Fetched here, outside the timed run; it only ever lives in this process's memory.
      const values = new Map(environment.values.map((entry) => [entry.key, entry.value]));
      const token = await fetchClientCredentialsToken((name) => values.get(name));
      environment = environmentFor(project, server, { accessToken: token.accessToken, tokenType: token.tokenType });
    }
    if (variant !== 'committed' && variant !== 'scriptsOnly') environment = leanEnvironment(environment);
    const before = { ...server.stats };
    const started = performance.now();
    let firstItemAt: number | undefined;
    let lastRequestAt = started;
    const summary = await new Promise<NewmanRunSummary>((resolve, reject) => {
      let completed = 0;
      const emitter = newman.run(
        {
          collection,
          environment,
          reporters: [],
          delayRequest: options.delayRequestMs ?? 0,
          timeoutRequest: 30_000,
          timeoutScript: 30_000,
          // As src/run/newman-runner.ts runs it.
          ignoreRedirects: true,
        } as unknown as NewmanRunOptions,
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      emitter.on('beforeItem', () => (firstItemAt ??= performance.now()));
      emitter.on('request', () => {
        lastRequestAt = performance.now();
        options.onRequestDone?.(++completed);
      });
    });
    const wallMs = performance.now() - started;
    return {
      variant,
      wallMs,
      requestSpanMs: lastRequestAt - (firstItemAt ?? started),
      tokenRequests: server.stats.tokenRequests - before.tokenRequests,
      tokensIssued: server.stats.tokensIssued - before.tokensIssued,
      apiRequests: server.stats.apiRequests - before.apiRequests,
      apiUnauthorized: server.stats.apiUnauthorized - before.apiUnauthorized,
      failures: summary.run.failures.length,
    };
  } finally {
    await server.close();
  }
}

/**
 * Runs the variants alternately, round after round (A, B, C, A, B, C, ...), so that a slow phase
 * of a shared machine lands on every variant alike. Returns the runs per variant, in order.
 */
export async function runAlternately(
  project: BenchProject,
  variants: readonly VariantName[],
  rounds: number,
  options: VariantRunOptions,
  progress: (message: string) => void,
): Promise<Map<VariantName, VariantRun[]>> {
  const runs = new Map<VariantName, VariantRun[]>(variants.map((variant) => [variant, []]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const variant of variants) {
      const run = await runVariant(project, variant, options);
      runs.get(variant)!.push(run);
      progress(
        `  round ${round}/${rounds} ${variant}: ${run.wallMs.toFixed(0)} ms, ${run.tokensIssued} token(s), ${run.apiUnauthorized} 401(s)`,
      );
    }
  }
  return runs;
}

/**
 * Runs the variants side by side, each against its own server, round after round. Only for
 * measurements that are counts judged against the run's own duration (token hits, 401s): the
 * runs mostly wait (--delay-request), so running them together saves minutes and changes
 * nothing that is compared. Never for timings.
 */
export async function runSideBySide(
  project: BenchProject,
  variants: readonly VariantName[],
  rounds: number,
  options: VariantRunOptions,
  progress: (message: string) => void,
): Promise<Map<VariantName, VariantRun[]>> {
  const runs = new Map<VariantName, VariantRun[]>(variants.map((variant) => [variant, []]));
  for (let round = 1; round <= rounds; round += 1) {
    const results = await Promise.all(variants.map((variant) => runVariant(project, variant, options)));
    for (const run of results) runs.get(run.variant)!.push(run);
    progress(
      `  round ${round}/${rounds}: ` +
        results
          .map(
            (run) => `${run.variant} ${run.tokensIssued} token(s), ${run.apiUnauthorized} 401(s) in ${run.wallMs.toFixed(0)} ms`,
          )
          .join('; '),
    );
  }
  return runs;
}
