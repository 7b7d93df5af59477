/** The measured results as table rows, each against its target (issues 5 and 14). */
import type { Row, Verdict } from './report.js';
import type { Summary } from './stats.js';
import type { ScaleResult } from './scale-run.js';
import type { OverheadResult, TokenHits, TokenReuseResult } from './sections.js';
import type { StartupResult } from './startup.js';
import type { VariantName } from './variants.js';

export const TARGETS = {
  mainJobMs: 1000,
  ratioToNoScripts: 1.45,
  ratioToSameTests: 1.1,
  helpMs: 250,
  generateMs: 400,
  serverStartMs: 50,
} as const;

const verdict = (met: boolean): Verdict => (met ? 'met' : 'MISSED');

/** A row maker for one section; a verdict only where `met` is given. */
export const rowIn =
  (section: string) =>
  (measure: string, value: Row['value'], unit: Row['unit'], target = '', met?: boolean): Row => ({
    section,
    measure,
    value,
    unit,
    target,
    verdict: met === undefined ? '' : verdict(met),
  });

/** The target column and verdict of a median held to a limit: `≤` allows the limit itself, `<` does not. */
function medianTarget(summary: Summary, comparison: '≤' | '<', limit: number, shown: string): [string, boolean] {
  return [`${comparison} ${shown}`, comparison === '≤' ? summary.median <= limit : summary.median < limit];
}

const DIAGNOSTIC_LABELS: Partial<Record<VariantName, string>> = {
  committed: 'the committed collection, not lean',
  scriptsOnly: 'lean scripts, every description kept',
  leanLegacy: "the lean copy without 'use sandbox2'",
  requestLevel: 'the refresh script in every request instead of once',
};
const MiB = 2 ** 20;

/** The 1-minute load average when a section started and when it ended. */
export type SectionLoad = [number, number];

export interface BenchResults {
  overhead: OverheadResult;
  tokenReuse: TokenReuseResult;
  startup: StartupResult;
  scale: ScaleResult & { minimumHits: number };
  loads: Record<'overhead' | 'tokenReuse' | 'startup' | 'scale' | 'openapi' | 'masking', SectionLoad>;
}

export const withLoad = (title: string, [from, to]: SectionLoad) =>
  `${title} (load average ${from.toFixed(1)} → ${to.toFixed(1)})`;

export function resultRows(results: BenchResults): Row[] {
  return [
    ...headlineRows(results),
    ...overheadRows(results),
    ...tokenRows(results),
    ...startupRows(results),
    ...scaleRows(results),
  ];
}

function headlineRows({ startup, loads }: BenchResults): Row[] {
  const row = rowIn(withLoad("0. The README's main job, npm run newman on the embedded server", loads.startup));
  return [
    row(
      'oauth-postman newman, process start to exit',
      startup.wallMs.newmanDefault,
      'ms',
      ...medianTarget(startup.wallMs.newmanDefault, '≤', TARGETS.mainJobMs, `${TARGETS.mainJobMs} ms idle`),
    ),
    row('the same through npm run newman (npm starts first)', startup.wallMs.npmRunNewman, 'ms'),
    row('serve: process start to the first token issued', startup.serveToFirstTokenMs, 'ms'),
  ];
}

function overheadRows({ overhead, loads }: BenchResults): Row[] {
  const section = withLoad(`1. Per-request overhead: ${overhead.requests} protected requests per run`, loads.overhead);
  const row = rowIn(section);
  const wall = overhead.wallMs;
  return [
    row('refresh script (this project, as oauth-postman newman runs it)', wall.project!, 'ms'),
    row('fixed token, the same test scripts', wall.sameTests!, 'ms'),
    row('fixed token, no scripts (Newman alone)', wall.noScripts!, 'ms'),
    row(
      'ratio ÷ no scripts',
      overhead.ratioToNoScripts,
      'ratio',
      ...medianTarget(overhead.ratioToNoScripts, '≤', TARGETS.ratioToNoScripts, TARGETS.ratioToNoScripts.toFixed(2)),
    ),
    row(
      'ratio ÷ the same test scripts',
      overhead.ratioToSameTests,
      'ratio',
      ...medianTarget(overhead.ratioToSameTests, '≤', TARGETS.ratioToSameTests, TARGETS.ratioToSameTests.toFixed(2)),
    ),
    row('extra per request ÷ no scripts', overhead.extraPerRequestMs.noScripts, 'ms'),
    row('extra per request ÷ the same test scripts', overhead.extraPerRequestMs.sameTests, 'ms'),
    row('one empty sandbox execution (empty script − no scripts, per request)', overhead.emptyExecutionMs, 'ms', 'floor'),
    ...Object.entries(overhead.diagnostics).map(([name, ratio]) =>
      row(`diagnostic: ${DIAGNOSTIC_LABELS[name as VariantName]} ÷ this project`, ratio, 'ratio'),
    ),
    row('runs that needed more than one token, or got a 401', overhead.hotPathOnly ? 0 : 1, 'count', '0', overhead.hotPathOnly),
  ];
}

function hitRows(section: string, label: string, hits: TokenHits, judged: boolean): Row[] {
  const row = rowIn(section);
  return [
    row(
      `${label}: token hits`,
      hits.hits,
      'count',
      judged ? '≤ policy minimum + 1, every run' : 'comparison',
      judged ? hits.withinPolicy : undefined,
    ),
    row(
      `${label}: 401s`,
      hits.unauthorized,
      'count',
      judged ? '0, every run' : 'comparison',
      judged ? hits.unauthorized.max === 0 : undefined,
    ),
  ];
}

function minimumRows(section: string, hits: TokenHits, usableMs: number, lifetimeSeconds: number): Row[] {
  const row = rowIn(section);
  return [
    row(`physical minimum, ceil(T / (lifetime − 1 s)) = ceil(T / ${lifetimeSeconds - 1} s)`, hits.physicalMinimum, 'count'),
    row(`policy minimum, ceil(T / usable lifetime) = ceil(T / ${usableMs / 1000} s)`, hits.policyMinimum, 'count'),
  ];
}

function tokenRows({ tokenReuse, loads }: BenchResults): Row[] {
  const { real } = tokenReuse;
  const skew = `skew ${tokenReuse.skewSeconds} s`;
  const realSection = withLoad(
    `2a. Token hits, real run: ${real.requests} requests ${real.delayMs} ms apart, ${real.lifetimeSeconds} s tokens, ${skew}`,
    loads.tokenReuse,
  );
  const rows = [
    ...minimumRows(realSection, real.variants.project, real.usableLifetimeMs, real.lifetimeSeconds),
    ...hitRows(realSection, 'this project', real.variants.project, true),
    ...hitRows(realSection, 'naive, fetch before every request', real.variants.naive, false),
    ...hitRows(realSection, 'fetch after expiry, no margin', real.variants.expiryOnly, false),
  ];
  for (const simulated of tokenReuse.simulated) {
    const hours = simulated.spanMs >= 3_600_000 ? `${simulated.spanMs / 3_600_000} h` : `${simulated.spanMs / 1000} s`;
    const section = `2b. Token hits, simulated clock: ${simulated.lifetimeSeconds} s tokens over ${hours}, a request every ${simulated.intervalMs / 1000} s, ${skew}`;
    rows.push(
      ...minimumRows(section, simulated.variants.project, simulated.usableLifetimeMs, simulated.lifetimeSeconds),
      ...hitRows(section, 'this project', simulated.variants.project, true),
      ...hitRows(section, 'fetch after expiry, no margin', simulated.variants.expiryOnly, false),
    );
  }
  return rows;
}

function startupRows({ startup, loads }: BenchResults): Row[] {
  const section = withLoad('3. Start-up (fresh processes)', loads.startup);
  const row = rowIn(section);
  return [
    row('node -e 0', startup.wallMs.nodeOnly, 'ms', 'floor'),
    row(
      'oauth-postman --help',
      startup.wallMs.help,
      'ms',
      ...medianTarget(startup.wallMs.help, '<', TARGETS.helpMs, `${TARGETS.helpMs} ms`),
    ),
    row('--help ÷ node -e 0', startup.overNode.help, 'ratio'),
    row(
      'oauth-postman generate',
      startup.wallMs.generate,
      'ms',
      ...medianTarget(startup.wallMs.generate, '<', TARGETS.generateMs, `${TARGETS.generateMs} ms`),
    ),
    row('generate ÷ node -e 0', startup.overNode.generate, 'ratio'),
    row('oauth-postman newman ÷ node -e 0', startup.overNode.newmanDefault, 'ratio'),
    row('import of the server module', startup.serverImportMs, 'ms'),
    row(
      'server start, first in the process',
      startup.serverFirstStartMs,
      'ms',
      ...medianTarget(startup.serverFirstStartMs, '<', TARGETS.serverStartMs, `${TARGETS.serverStartMs} ms`),
    ),
    row('server start, later ones', startup.serverWarmStartMs, 'ms'),
  ];
}

function scaleRows({ scale, loads }: BenchResults): Row[] {
  const section = withLoad(
    `4. Scale: one run of ${scale.requests} protected requests, ${scale.tokenTtlSeconds} s tokens (1 run)`,
    loads.scale,
  );
  const growth = (key: 'rssBytes' | 'heapUsedBytes') =>
    (scale.late[key] - scale.early[key]) / (scale.late.completed - scale.early.completed) / 1024;
  const row = rowIn(section);
  return [
    row('wall time', scale.wallMs, 'ms'),
    row('wall time per request', scale.wallMs / scale.requests, 'ms'),
    row('peak RSS of the process', scale.peakRssBytes / MiB, 'MiB'),
    row('RSS before the first request', scale.rssBeforeBytes / MiB, 'MiB'),
    row(
      `RSS growth per request (requests ${scale.early.completed}–${scale.late.completed})`,
      growth('rssBytes'),
      'KiB',
      'Newman only',
    ),
    row('V8 heap growth per request (same span)', growth('heapUsedBytes'), 'KiB', 'Newman only'),
    row(
      `token hits (minimum ${scale.minimumHits})`,
      scale.tokensIssued,
      'count',
      '≤ minimum + 1',
      scale.tokensIssued <= scale.minimumHits + 1,
    ),
    row('401s and failures', scale.apiUnauthorized + scale.failures, 'count', '0', scale.apiUnauthorized + scale.failures === 0),
  ];
}
