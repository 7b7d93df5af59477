/**
 * How much each benchmark section measures: FULL_SIZES for BENCHMARKS.md, QUICK_SIZES with
 * `-- --quick`. One module that every section reads, so that --quick shrinks all of them.
 */

const FULL_SIZES = {
  rounds: 5,
  overhead: { requests: 300, warmUpRequests: 20, tokenTtlSeconds: 3599 },
  /** A real run: about four usable lifetimes of a 5 s token under the shipped 60 s skew. */
  tokenReuse: { requests: 24, delayMs: 500, lifetimeSeconds: 5, rounds: 3 },
  /** Simulated clock: [token lifetime s, span ms, ms between requests]. */
  simulated: [
    [5, 60_000, 100],
    [3599, 36_000_000, 60_000],
  ] as [number, number, number][],
  simulatedLatencyMs: 5,
  scale: { requests: 1000, tokenTtlSeconds: 10 },
  /** Start-up (startup.ts): rounds of the main job and of `--help`, and warm server starts per round. */
  startup: { rounds: 5, serverWarmStarts: 5 },
  /** openapi.ts: the synthetic document's operations, and the requests of each contract-test run; kept small for the running-time budget (BENCHMARKS.md, Running time). */
  openapi: { operations: 200, generateRounds: 3, requests: 100, contractRounds: 5 },
  /** masking.ts: a synthetic report of this size with the client secret and this many tokens. */
  masking: { reportKiB: 950, tokens: 6, rounds: 9 },
};

/** `-- --quick`: every measurement once and small, to try the benchmark itself; its figures mean nothing. */
const QUICK_SIZES: typeof FULL_SIZES = {
  ...FULL_SIZES,
  rounds: 1,
  overhead: { ...FULL_SIZES.overhead, requests: 20, warmUpRequests: 5 },
  tokenReuse: { ...FULL_SIZES.tokenReuse, requests: 6, rounds: 1 },
  simulated: [
    [5, 10_000, 100],
    [3599, 7_200_000, 60_000],
  ],
  scale: { ...FULL_SIZES.scale, requests: 50 },
  startup: { rounds: 1, serverWarmStarts: 2 },
  openapi: { operations: 20, generateRounds: 1, requests: 10, contractRounds: 1 },
  masking: { ...FULL_SIZES.masking, rounds: 1 },
};

export const QUICK = process.argv.includes('--quick');
export const SIZES = QUICK ? QUICK_SIZES : FULL_SIZES;
