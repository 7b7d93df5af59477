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

/**
 * The fewest token fetches any policy that never sends an expired token can make over a run:
 * every token is usable for its lifetime minus the refresh margin, and the margin is the skew
 * capped at half the lifetime (the rule in src/sandbox/lib/token-store.js).
 */
export function usableLifetimeMs(lifetimeSeconds: number, skewSeconds: number): number {
  return (lifetimeSeconds - Math.min(skewSeconds, lifetimeSeconds / 2)) * 1000;
}

export function minimumTokenHits(runMs: number, lifetimeSeconds: number, skewSeconds: number): number {
  return Math.max(1, Math.ceil(runMs / usableLifetimeMs(lifetimeSeconds, skewSeconds)));
}
