/**
 * The scale run, in a process of its own so that its peak RSS is this run's and not the rest of
 * the benchmark's: `node --import tsx bench/scale-run.ts <requests> <tokenTtlSeconds>` prints one
 * JSON object (ScaleResult) on stdout.
 */
import { runVariant } from './newman-run.js';
import { loadBenchProject } from './variants.js';

export interface ScaleResult {
  requests: number;
  tokenTtlSeconds: number;
  skewSeconds: number;
  wallMs: number;
  /** First item start to last request end (see VariantRun). */
  requestSpanMs: number;
  tokensIssued: number;
  apiUnauthorized: number;
  failures: number;
  /** process.resourceUsage().maxRSS at the end, bytes: the process's peak. */
  peakRssBytes: number;
  /** RSS once everything is loaded, just before the run. */
  rssBeforeBytes: number;
  /** RSS and V8 heap after the first fifth of the requests and after the last one. */
  early: { completed: number; rssBytes: number; heapUsedBytes: number };
  late: { completed: number; rssBytes: number; heapUsedBytes: number };
}

const requests = Number(process.argv[2] ?? 1000);
const tokenTtlSeconds = Number(process.argv[3] ?? 10);
const earlyAt = Math.max(1, Math.floor(requests / 5));

const project = await loadBenchProject();
const sample = (completed: number) => {
  const memory = process.memoryUsage();
  return { completed, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed };
};
let early = sample(0);
let late = sample(0);
const rssBeforeBytes = process.memoryUsage().rss;
const run = await runVariant(project, 'project', {
  requestCount: requests,
  tokenTtlSeconds,
  onRequestDone: (completed) => {
    if (completed === earlyAt) early = sample(completed);
    if (completed === requests) late = sample(completed);
  },
});
const result: ScaleResult = {
  requests,
  tokenTtlSeconds,
  skewSeconds: project.skewSeconds,
  wallMs: run.wallMs,
  requestSpanMs: run.requestSpanMs,
  tokensIssued: run.tokensIssued,
  apiUnauthorized: run.apiUnauthorized,
  failures: run.failures,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  rssBeforeBytes,
  early,
  late,
};
process.stdout.write(JSON.stringify(result));
