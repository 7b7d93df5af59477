import { loadSandboxTokenFunctions } from '../src/token/sandbox-functions.js';

/**
 * Summaries of repeated measurements. Medians, because one slow run on a shared machine (a GC
 * pause, another process) should not move the figure; min and max beside it show the spread.
 */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summarize() needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/**
 * Ratio of two variants measured alternately (A, B, A, B, ...): the ratio of each adjacent pair,
 * then summarized, so that a slow phase of the machine affects both sides of a pair alike.
 */
export function pairedRatios(numerators: readonly number[], denominators: readonly number[]): Summary {
  if (numerators.length !== denominators.length) throw new RangeError('pairedRatios() needs as many numerators as denominators');
  return summarize(numerators.map((value, index) => value / denominators[index]!));
}

/** The collection's own refresh rule (src/sandbox/lib/refreshInstant.js), as the CLI runs it. */
const { refreshInstant } = loadSandboxTokenFunctions();

/**
 * How long a token is used before the collection fetches the next one: from issue to its
 * refreshInstant (the skew before expiry, at most half the lifetime, at least one second).
 */
export function usableLifetimeMs(lifetimeSeconds: number, skewSeconds: number): number {
  const lifetimeMs = lifetimeSeconds * 1000;
  // A token issued at instant 0 expires at lifetimeMs.
  return refreshInstant(lifetimeMs, lifetimeMs, skewSeconds);
}

/** The fewest token fetches a run of `runMs` needs under that rule: never an expired token, at least one. */
export function minimumTokenHits(runMs: number, lifetimeSeconds: number, skewSeconds: number): number {
  return Math.max(1, Math.ceil(runMs / usableLifetimeMs(lifetimeSeconds, skewSeconds)));
}

/**
 * The fewest token fetches any policy needs: servers count expiry in whole seconds, so a token
 * can be used for at most its lifetime less one second (ceil(T / (lifetime − 1 s))).
 */
export function physicalMinimumHits(runMs: number, lifetimeSeconds: number): number {
  return Math.max(1, Math.ceil(runMs / ((lifetimeSeconds - 1) * 1000)));
}
