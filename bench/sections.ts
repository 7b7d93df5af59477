/**
 * The in-process measurements, each returning plain data (no formatting, no verdicts): the
 * per-request overhead against two baselines, token hits against the minimum (a real run with
 * 5 s tokens, and a simulated clock for spans too long to wait for), and scale. Start-up is in
 * startup.ts. Sizes live in sizes.ts.
 */
import { join } from 'node:path';
import { runAlternately, runSideBySide, runVariant, type VariantRun } from './newman-run.js';
import type { ScaleResult } from './scale-run.js';
import { simulateRun, type SimulatedRun } from './simulated-clock.js';
import { SIZES } from './sizes.js';
import { timeChild } from './startup.js';
import { minimumTokenHits, pairedRatios, physicalMinimumHits, summarize, usableLifetimeMs, type Summary } from './stats.js';
import {
  DIAGNOSTIC_VARIANTS,
  repoRoot,
  variantCollection,
  variantScript,
  type BenchProject,
  type VariantName,
} from './variants.js';

type Progress = (message: string) => void;

export interface OverheadResult {
  requests: number;
  wallMs: Partial<Record<VariantName, Summary>>;
  /** project ÷ noScripts and project ÷ sameTests, pair by pair (each pair from one round). */
  ratioToNoScripts: Summary;
  ratioToSameTests: Summary;
  /** (project − baseline) ÷ requests, pair by pair. */
  extraPerRequestMs: { noScripts: Summary; sameTests: Summary };
  /** (emptyScript − noScripts) ÷ requests: what one sandbox execution costs, whatever the script. */
  emptyExecutionMs: Summary;
  /** With --diagnose: each diagnostic variant ÷ project, pair by pair. */
  diagnostics: Partial<Record<VariantName, Summary>>;
  /** Every project run fetched exactly one token and got no 401: the runs measured the hot path. */
  hotPathOnly: boolean;
  failures: number;
}

/** The refresh script's cost per request, against a fixed token with no scripts and with the same test scripts. */
export async function measureOverhead(project: BenchProject, diagnose: boolean, progress: Progress): Promise<OverheadResult> {
  const { requests, warmUpRequests, tokenTtlSeconds } = SIZES.overhead;
  const diagnostics = diagnose ? DIAGNOSTIC_VARIANTS : [];
  const names: VariantName[] = ['project', 'sameTests', 'noScripts', 'emptyScript', ...diagnostics];
  progress(`Overhead: warming up (${warmUpRequests} requests per variant, not measured)`);
  for (const name of names) await runVariant(project, name, { requestCount: warmUpRequests, tokenTtlSeconds });
  progress(`Overhead: ${requests} requests, ${tokenTtlSeconds} s tokens, variants alternating`);
  const runs = await runAlternately(project, names, SIZES.rounds, { requestCount: requests, tokenTtlSeconds }, progress);
  const wall = (name: VariantName) => runs.get(name)!.map((run) => run.wallMs);
  const perRequest = (name: VariantName, baseline: VariantName) =>
    summarize(wall(name).map((value, index) => (value - wall(baseline)[index]!) / requests));
  const all = [...runs.values()].flat();
  return {
    requests,
    wallMs: Object.fromEntries(names.map((name) => [name, summarize(wall(name))])),
    ratioToNoScripts: pairedRatios(wall('project'), wall('noScripts')),
    ratioToSameTests: pairedRatios(wall('project'), wall('sameTests')),
    extraPerRequestMs: { noScripts: perRequest('project', 'noScripts'), sameTests: perRequest('project', 'sameTests') },
    emptyExecutionMs: perRequest('emptyScript', 'noScripts'),
    diagnostics: Object.fromEntries(diagnostics.map((name) => [name, pairedRatios(wall(name), wall('project'))])),
    hotPathOnly: runs.get('project')!.every((run) => run.tokensIssued === 1 && run.apiUnauthorized === 0),
    failures: all.reduce((sum, run) => sum + run.failures, 0),
  };
}

export interface TokenHits {
  hits: Summary;
  unauthorized: Summary;
  /** ceil(T / (lifetime − 1 s)): no policy can do with fewer. */
  physicalMinimum: Summary;
  /** ceil(T / usable lifetime) under the configured skew (the collection's refreshInstant). */
  policyMinimum: Summary;
  /** Every run: at most policyMinimum + 1 hits and no 401 (a request is discrete: it can need one fewer). */
  withinPolicy: boolean;
}

export interface TokenReuseResult {
  skewSeconds: number;
  /** A real Newman run against the local server. */
  real: {
    requests: number;
    delayMs: number;
    lifetimeSeconds: number;
    usableLifetimeMs: number;
    variants: Record<'project' | 'naive' | 'expiryOnly', TokenHits & { runs: VariantRun[] }>;
  };
  /** The collection's scripts under a simulated clock (simulated-clock.ts). */
  simulated: {
    lifetimeSeconds: number;
    spanMs: number;
    intervalMs: number;
    usableLifetimeMs: number;
    variants: Record<'project' | 'expiryOnly', TokenHits & { run: SimulatedRun }>;
  }[];
}

function tokenHits(
  spansMs: number[],
  hits: number[],
  unauthorized: number[],
  lifetimeSeconds: number,
  skewSeconds: number,
): TokenHits {
  const policy = spansMs.map((span) => minimumTokenHits(span, lifetimeSeconds, skewSeconds));
  return {
    hits: summarize(hits),
    unauthorized: summarize(unauthorized),
    physicalMinimum: summarize(spansMs.map((span) => physicalMinimumHits(span, lifetimeSeconds))),
    policyMinimum: summarize(policy),
    withinPolicy: hits.every((count, index) => count <= policy[index]! + 1 && unauthorized[index] === 0),
  };
}

/** Token-endpoint hits and 401s: a 5 s token for real, then a 5 s and a 3599 s token on a simulated clock. */
export async function measureTokenReuse(project: BenchProject, progress: Progress): Promise<TokenReuseResult> {
  const { requests, delayMs, lifetimeSeconds, rounds } = SIZES.tokenReuse;
  const skew = project.skewSeconds;
  const names = ['project', 'naive', 'expiryOnly'] as const;
  progress(`Token reuse: ${requests} requests, ${delayMs} ms apart, ${lifetimeSeconds} s tokens, policies side by side`);
  const runs = await runSideBySide(
    project,
    names,
    rounds,
    { requestCount: requests, tokenTtlSeconds: lifetimeSeconds, delayRequestMs: delayMs },
    progress,
  );
  const realVariant = (name: (typeof names)[number]) => {
    const list = runs.get(name)!;
    const counts = (pick: (run: VariantRun) => number) => list.map(pick);
    return {
      ...tokenHits(
        counts((run) => run.requestSpanMs),
        counts((run) => run.tokensIssued),
        counts((run) => run.apiUnauthorized),
        lifetimeSeconds,
        skew,
      ),
      runs: list,
    };
  };

  // The scripts exactly as the project variant runs them (the lean copy).
  const collection = await variantCollection(project, 'project', 1);
  const script = (events: { listen: string; script: { exec: string[] } }[] | undefined, listen: string) =>
    events?.find((event) => event.listen === listen)?.script.exec.join('\n');
  const prerequest = script(collection.event, 'prerequest')!;
  const apiTest = script(collection.item[0]!.item![0]!.event as never, 'test');
  const expiryOnly = await variantScript('expiryOnly');
  const simulated = SIZES.simulated.map(([lifetime, spanMs, intervalMs]) => {
    progress(`Token reuse, simulated clock: ${lifetime} s tokens over ${spanMs / 1000} s, a request every ${intervalMs} ms`);
    const simulate = (policy: string) => {
      const run = simulateRun({
        prerequest: policy,
        apiTest,
        lifetimeSeconds: lifetime,
        skewSeconds: skew,
        spanMs,
        intervalMs,
        latencyMs: SIZES.simulatedLatencyMs,
      });
      return { ...tokenHits([run.requestSpanMs], [run.tokensIssued], [run.unauthorized], lifetime, skew), run };
    };
    return {
      lifetimeSeconds: lifetime,
      spanMs,
      intervalMs,
      usableLifetimeMs: usableLifetimeMs(lifetime, skew),
      variants: { project: simulate(prerequest), expiryOnly: simulate(expiryOnly) },
    };
  });

  return {
    skewSeconds: skew,
    real: {
      requests,
      delayMs,
      lifetimeSeconds,
      usableLifetimeMs: usableLifetimeMs(lifetimeSeconds, skew),
      variants: { project: realVariant('project'), naive: realVariant('naive'), expiryOnly: realVariant('expiryOnly') },
    },
    simulated,
  };
}

/** One run of many requests in a process of its own (bench/scale-run.ts). */
export async function measureScale(progress: Progress): Promise<ScaleResult & { minimumHits: number }> {
  const { requests, tokenTtlSeconds } = SIZES.scale;
  progress(`Scale: ${requests} requests, ${tokenTtlSeconds} s tokens, in a separate process`);
  const child = await timeChild(
    ['--import', 'tsx', join(repoRoot, 'bench', 'scale-run.ts'), String(requests), String(tokenTtlSeconds)],
    repoRoot,
    300_000,
  );
  const result = JSON.parse(child.stdout) as ScaleResult;
  return { ...result, minimumHits: minimumTokenHits(result.requestSpanMs, tokenTtlSeconds, result.skewSeconds) };
}
