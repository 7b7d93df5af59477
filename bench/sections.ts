/**
 * The four measurements of issue 5, each returning plain data (no formatting, no verdicts).
 * Sizes live in SIZES: they are chosen so that `npm run bench` ends in under 3 minutes on a
 * 2-core machine (see BENCHMARKS.md).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAlternately, runSideBySide, runVariant, type VariantRun } from './newman-run.js';
import type { ScaleResult } from './scale-run.js';
import { probeServerStart, STARTUP_COMMANDS, timeChild, type StartupCommand } from './startup.js';
import { minimumTokenHits, pairedRatios, summarize, usableLifetimeMs, type Summary } from './stats.js';
import { repoRoot, type BenchProject, type VariantName } from './variants.js';

export const SIZES = {
  rounds: 5,
  tokenReuse: { requests: 20, delayMs: 150, lifetimeSeconds: 2 },
  overhead: { requests: 200, warmUpRequests: 20, tokenTtlSeconds: 3599 },
  serverWarmStarts: 5,
  scale: { requests: 1000, tokenTtlSeconds: 10 },
} as const;

type Progress = (message: string) => void;

export interface TokenReuseVariant {
  runs: (VariantRun & { minimumHits: number })[];
  hits: Summary;
  minimumHits: Summary;
  unauthorized: Summary;
  wallMs: Summary;
}

export interface TokenReuseResult {
  requests: number;
  delayMs: number;
  lifetimeSeconds: number;
  skewSeconds: number;
  usableLifetimeMs: number;
  variants: Record<'project' | 'naive' | 'expiryOnly', TokenReuseVariant>;
}

/** Issue 5 §1: token-endpoint hits and 401s of three refresh policies over several token lifetimes. */
export async function measureTokenReuse(project: BenchProject, progress: Progress): Promise<TokenReuseResult> {
  const { requests, delayMs, lifetimeSeconds } = SIZES.tokenReuse;
  const names = ['project', 'naive', 'expiryOnly'] as const;
  progress(`Token reuse: ${requests} requests, ${delayMs} ms apart, ${lifetimeSeconds} s tokens`);
  const runs = await runSideBySide(
    project,
    names,
    SIZES.rounds,
    { requestCount: requests, tokenTtlSeconds: lifetimeSeconds, delayRequestMs: delayMs },
    progress,
  );
  const summarizeVariant = (name: VariantName): TokenReuseVariant => {
    const list = runs.get(name)!.map((run) => ({
      ...run,
      minimumHits: minimumTokenHits(run.requestSpanMs, lifetimeSeconds, project.skewSeconds),
    }));
    return {
      runs: list,
      hits: summarize(list.map((run) => run.tokensIssued)),
      minimumHits: summarize(list.map((run) => run.minimumHits)),
      unauthorized: summarize(list.map((run) => run.apiUnauthorized)),
      wallMs: summarize(list.map((run) => run.wallMs)),
    };
  };
  return {
    requests,
    delayMs,
    lifetimeSeconds,
    skewSeconds: project.skewSeconds,
    usableLifetimeMs: usableLifetimeMs(lifetimeSeconds, project.skewSeconds),
    variants: {
      project: summarizeVariant('project'),
      naive: summarizeVariant('naive'),
      expiryOnly: summarizeVariant('expiryOnly'),
    },
  };
}

export interface OverheadResult {
  requests: number;
  wallMs: Partial<Record<VariantName, Summary>> & Record<'project' | 'fixedToken', Summary>;
  /** project ÷ fixedToken, pair by pair. */
  ratio: Summary;
  /** With --diagnose: every other variant ÷ fixedToken, pair by pair. */
  diagnosticRatios: Partial<Record<VariantName, Summary>>;
  /** Every project run fetched exactly one token and got no 401: the runs measured the hot path. */
  hotPathOnly: boolean;
  failures: number;
}

/** Issue 5 §2: the refresh script's cost per request, against a fixed token and no script. */
export async function measureOverhead(project: BenchProject, diagnose: boolean, progress: Progress): Promise<OverheadResult> {
  const { requests, warmUpRequests, tokenTtlSeconds } = SIZES.overhead;
  const diagnostics: VariantName[] = diagnose ? ['emptyScript', 'prerequestOnly'] : [];
  const names: VariantName[] = ['project', 'fixedToken', ...diagnostics];
  progress(`Overhead: warming up (${warmUpRequests} requests per variant, not measured)`);
  for (const name of names) await runVariant(project, name, { requestCount: warmUpRequests, tokenTtlSeconds });
  progress(`Overhead: ${requests} requests, ${tokenTtlSeconds} s tokens`);
  const runs = await runAlternately(project, names, SIZES.rounds, { requestCount: requests, tokenTtlSeconds }, progress);
  const wall = (name: VariantName) => runs.get(name)!.map((run) => run.wallMs);
  const all = [...runs.values()].flat();
  return {
    requests,
    wallMs: {
      ...Object.fromEntries(diagnostics.map((name) => [name, summarize(wall(name))])),
      project: summarize(wall('project')),
      fixedToken: summarize(wall('fixedToken')),
    },
    ratio: pairedRatios(wall('project'), wall('fixedToken')),
    diagnosticRatios: Object.fromEntries(diagnostics.map((name) => [name, pairedRatios(wall(name), wall('fixedToken'))])),
    hotPathOnly: runs.get('project')!.every((run) => run.tokensIssued === 1 && run.apiUnauthorized === 0),
    failures: all.reduce((sum, run) => sum + run.failures, 0),
  };
}

export interface StartupResult {
  wallMs: Record<StartupCommand, Summary>;
  /** Paired with `node -e 0` of the same round. */
  overNode: Record<'help' | 'generate', Summary>;
  serverImportMs: Summary;
  serverFirstStartMs: Summary;
  serverWarmStartMs: Summary;
}

/**
 * Issue 5 §3. Runs in a throw-away copy of the project (config, collection, environments) so
 * that `generate` and `newman` never write into the working tree.
 */
export async function measureStartup(progress: Progress): Promise<StartupResult> {
  const dir = await mkdtemp(join(tmpdir(), 'oauth-postman-bench-'));
  try {
    for (const entry of ['oauth-postman.config.json', 'collections', 'environments']) {
      await cp(join(repoRoot, entry), join(dir, entry), { recursive: true });
    }
    const commands = Object.keys(STARTUP_COMMANDS) as StartupCommand[];
    const samples = Object.fromEntries(commands.map((name) => [name, [] as number[]])) as Record<StartupCommand, number[]>;
    const probes = [];
    // One unmeasured round first (the whole newman run aside, which is long enough not to need
    // it): the page cache, not the CLI, decides the very first start.
    for (const name of commands) if (name !== 'newmanDefault') await timeChild(STARTUP_COMMANDS[name], dir);
    for (let round = 1; round <= SIZES.rounds; round += 1) {
      for (const name of commands) samples[name].push((await timeChild(STARTUP_COMMANDS[name], dir)).wallMs);
      probes.push(await probeServerStart(dir, SIZES.serverWarmStarts));
      progress(
        `  start-up round ${round}/${SIZES.rounds}: ` +
          commands.map((name) => `${name} ${samples[name].at(-1)!.toFixed(0)} ms`).join(', ') +
          `, server start ${probes.at(-1)!.firstStartMs.toFixed(1)} ms`,
      );
    }
    return {
      wallMs: Object.fromEntries(commands.map((name) => [name, summarize(samples[name])])) as Record<StartupCommand, Summary>,
      overNode: {
        help: pairedRatios(samples.help, samples.nodeOnly),
        generate: pairedRatios(samples.generate, samples.nodeOnly),
      },
      serverImportMs: summarize(probes.map((probe) => probe.importMs)),
      serverFirstStartMs: summarize(probes.map((probe) => probe.firstStartMs)),
      serverWarmStartMs: summarize(probes.flatMap((probe) => probe.warmStartsMs)),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Issue 5 §4: one run of many requests in a process of its own (bench/scale-run.ts). */
export async function measureScale(progress: Progress): Promise<ScaleResult & { minimumHits: number }> {
  const { requests, tokenTtlSeconds } = SIZES.scale;
  progress(`Scale: ${requests} requests, ${tokenTtlSeconds} s tokens, in a separate process`);
  const child = await timeChild(
    ['--import', 'tsx', join(repoRoot, 'bench', 'scale-run.ts'), String(requests), String(tokenTtlSeconds)],
    repoRoot,
    170_000,
  );
  const result = JSON.parse(child.stdout) as ScaleResult;
  return { ...result, minimumHits: minimumTokenHits(result.requestSpanMs, tokenTtlSeconds, result.skewSeconds) };
}
