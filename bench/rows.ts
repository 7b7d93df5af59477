/** The measured results as table rows, each against its target from issue 5. */
import type { Row, Verdict } from './report.js';
import type { OverheadResult, StartupResult, TokenReuseResult } from './sections.js';
import type { ScaleResult } from './scale-run.js';
import type { VariantName } from './variants.js';

export const TARGETS = { overheadRatio: 1.1, helpMs: 250, generateMs: 400, serverStartMs: 50 } as const;

const verdict = (met: boolean): Verdict => (met ? 'met' : 'MISSED');
const MiB = 2 ** 20;

export interface BenchResults {
  tokenReuse: TokenReuseResult;
  overhead: OverheadResult;
  startup: StartupResult;
  scale: ScaleResult & { minimumHits: number };
}

export function resultRows(results: BenchResults): Row[] {
  const { tokenReuse, overhead, startup, scale } = results;
  const rows: Row[] = [];

  const reuse = `1. Token reuse: ${tokenReuse.requests} requests ${tokenReuse.delayMs} ms apart, ${tokenReuse.lifetimeSeconds} s tokens, usable ${tokenReuse.usableLifetimeMs / 1000} s`;
  const project = tokenReuse.variants.project;
  rows.push(
    {
      section: reuse,
      measure: 'minimum possible hits, ceil(request span / usable lifetime)',
      value: project.minimumHits,
      unit: 'count',
      target: '',
      verdict: '',
    },
    {
      section: reuse,
      measure: 'this project: token hits',
      value: project.hits,
      unit: 'count',
      target: '≤ minimum + 1, every run',
      verdict: verdict(project.runs.every((run) => run.tokensIssued <= run.minimumHits + 1)),
    },
    {
      section: reuse,
      measure: 'this project: 401s',
      value: project.unauthorized,
      unit: 'count',
      target: '0, every run',
      verdict: verdict(project.runs.every((run) => run.apiUnauthorized === 0)),
    },
  );
  for (const [name, label] of [
    ['naive', 'naive, fetch before every request'],
    ['expiryOnly', 'fetch after expiry, no margin'],
  ] as const) {
    const variant = tokenReuse.variants[name];
    rows.push(
      { section: reuse, measure: `${label}: token hits`, value: variant.hits, unit: 'count', target: 'comparison', verdict: '' },
      {
        section: reuse,
        measure: `${label}: 401s`,
        value: variant.unauthorized,
        unit: 'count',
        target: 'comparison',
        verdict: '',
      },
    );
  }

  const cost = `2. Per-request overhead: ${overhead.requests} protected requests per run`;
  rows.push(
    {
      section: cost,
      measure: 'refresh script (this project)',
      value: overhead.wallMs.project,
      unit: 'ms',
      target: '',
      verdict: '',
    },
    { section: cost, measure: 'fixed token, no script', value: overhead.wallMs.fixedToken, unit: 'ms', target: '', verdict: '' },
    {
      section: cost,
      measure: 'ratio refresh script ÷ fixed token',
      value: overhead.ratio,
      unit: 'ratio',
      target: `≤ ${TARGETS.overheadRatio.toFixed(2)}`,
      verdict: verdict(overhead.ratio.median <= TARGETS.overheadRatio),
    },
  );

  const diagnosticLabels: [VariantName, string][] = [
    ['emptyScript', 'diagnostic: empty pre-request script ÷ fixed token'],
    ['prerequestOnly', 'diagnostic: pre-request script only (no collection test) ÷ fixed token'],
  ];
  for (const [name, label] of diagnosticLabels) {
    const ratio = overhead.diagnosticRatios[name];
    if (ratio) rows.push({ section: cost, measure: label, value: ratio, unit: 'ratio', target: '', verdict: '' });
  }

  const start = '3. Start-up (fresh processes)';
  rows.push(
    { section: start, measure: 'node -e 0', value: startup.wallMs.nodeOnly, unit: 'ms', target: 'floor', verdict: '' },
    {
      section: start,
      measure: 'oauth-postman --help',
      value: startup.wallMs.help,
      unit: 'ms',
      target: `< ${TARGETS.helpMs} ms`,
      verdict: verdict(startup.wallMs.help.median < TARGETS.helpMs),
    },
    { section: start, measure: '--help ÷ node -e 0', value: startup.overNode.help, unit: 'ratio', target: '', verdict: '' },
    {
      section: start,
      measure: 'oauth-postman generate',
      value: startup.wallMs.generate,
      unit: 'ms',
      target: `< ${TARGETS.generateMs} ms`,
      verdict: verdict(startup.wallMs.generate.median < TARGETS.generateMs),
    },
    { section: start, measure: 'generate ÷ node -e 0', value: startup.overNode.generate, unit: 'ratio', target: '', verdict: '' },
    {
      section: start,
      measure: 'import of the server module',
      value: startup.serverImportMs,
      unit: 'ms',
      target: '',
      verdict: '',
    },
    {
      section: start,
      measure: 'server start, first in the process',
      value: startup.serverFirstStartMs,
      unit: 'ms',
      target: `< ${TARGETS.serverStartMs} ms`,
      verdict: verdict(startup.serverFirstStartMs.median < TARGETS.serverStartMs),
    },
    {
      section: start,
      measure: 'server start, later ones',
      value: startup.serverWarmStartMs,
      unit: 'ms',
      target: '',
      verdict: '',
    },
    {
      section: start,
      measure: 'whole default run (oauth-postman newman)',
      value: startup.wallMs.newmanDefault,
      unit: 'ms',
      target: '',
      verdict: '',
    },
  );

  const big = `4. Scale: one run of ${scale.requests} protected requests, ${scale.tokenTtlSeconds} s tokens (1 run)`;
  const growth = (key: 'rssBytes' | 'heapUsedBytes') =>
    (scale.late[key] - scale.early[key]) / (scale.late.completed - scale.early.completed) / 1024;
  rows.push(
    { section: big, measure: 'wall time', value: scale.wallMs, unit: 'ms', target: '', verdict: '' },
    { section: big, measure: 'wall time per request', value: scale.wallMs / scale.requests, unit: 'ms', target: '', verdict: '' },
    { section: big, measure: 'peak RSS of the process', value: scale.peakRssBytes / MiB, unit: 'MiB', target: '', verdict: '' },
    {
      section: big,
      measure: 'RSS before the first request',
      value: scale.rssBeforeBytes / MiB,
      unit: 'MiB',
      target: '',
      verdict: '',
    },
    {
      section: big,
      measure: `RSS growth per request (requests ${scale.early.completed}–${scale.late.completed})`,
      value: growth('rssBytes'),
      unit: 'KiB',
      target: 'Newman only',
      verdict: '',
    },
    {
      section: big,
      measure: 'V8 heap growth per request (same span)',
      value: growth('heapUsedBytes'),
      unit: 'KiB',
      target: 'Newman only',
      verdict: '',
    },
    {
      section: big,
      measure: `token hits (minimum ${scale.minimumHits})`,
      value: scale.tokensIssued,
      unit: 'count',
      target: '≤ minimum + 1',
      verdict: verdict(scale.tokensIssued <= scale.minimumHits + 1),
    },
    {
      section: big,
      measure: '401s and failures',
      value: scale.apiUnauthorized + scale.failures,
      unit: 'count',
      target: '0',
      verdict: verdict(scale.apiUnauthorized + scale.failures === 0),
    },
  );
  return rows;
}
