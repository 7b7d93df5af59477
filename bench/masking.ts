/**
 * Masking a large report (issue 9): how long the run's masker takes over a report of about
 * 950 KB, by its known values alone (what the runner does to a report's markup) and as text
 * (credentials by position, then the known values: what every string a reporter reads gets).
 * In-process and pure: no server, no Newman. Also runs alone: `node --import tsx bench/masking.ts`.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createRunMasker, type RunMasker } from '../src/run/masking.js';
import type { Row } from './report.js';
import { rowIn } from './rows.js';
import { summarize, type Summary } from './stats.js';
import { SIZES } from './sizes.js';

export interface MaskingResult {
  reportBytes: number;
  /** The client secret and the tokens (its Basic forms and every value's encodings come on top). */
  knownValues: number;
  knownValuesMs: Summary;
  textMs: Summary;
}

const token = () => randomBytes(32).toString('base64url');

/** A masker that knows what a run knows: the client secret, its Basic forms and a few tokens. */
function runMasker(tokens: readonly string[]): RunMasker {
  const masker = createRunMasker({ clientId: 'demo-client', clientSecret: 'demo-client-secret-0123456789' });
  for (const value of tokens) masker.learn(value);
  return masker;
}

/** Report-like text: JSON of requests and responses, with base64 bodies and now and then a token. */
export function syntheticReport(kib: number, tokens: readonly string[]): string {
  const parts: string[] = [];
  let size = 0;
  for (let index = 0; size < kib * 1024; index += 1) {
    const body = randomBytes(300).toString('base64');
    const secret = index % 25 === 0 ? tokens[index % tokens.length]! : `not-a-secret-${index}`;
    const part = JSON.stringify({
      name: `Request ${index} — ünïcode ✓`,
      request: {
        url: `https://api.example.test/items/${index}?page=2&sort=name`,
        header: [{ key: 'Accept', value: 'application/json' }],
      },
      response: { code: 200, body, note: `value ${secret} & <tag> "quoted"` },
    });
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  return `[${parts.join(',\n')}]`;
}

const time = (fn: () => void) => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};

export function measureMasking(progress: (message: string) => void): MaskingResult {
  const tokens = Array.from({ length: SIZES.masking.tokens }, token);
  const report = syntheticReport(SIZES.masking.reportKiB, tokens);
  progress(`Masking: a ${(Buffer.byteLength(report) / 1024).toFixed(0)} KiB report, ${SIZES.masking.rounds} rounds`);
  const knownValues: number[] = [];
  const text: number[] = [];
  // Each round on a fresh masker, so that no cache from the round before helps; one unmeasured warm-up.
  for (let round = 0; round <= SIZES.masking.rounds; round += 1) {
    const masker = runMasker(tokens);
    const known = time(() => masker.knownValues(report));
    const whole = time(() => masker.text(report));
    if (round === 0) continue;
    knownValues.push(known);
    text.push(whole);
  }
  return {
    reportBytes: Buffer.byteLength(report),
    knownValues: tokens.length + 1,
    knownValuesMs: summarize(knownValues),
    textMs: summarize(text),
  };
}

export function maskingRows(result: MaskingResult): Row[] {
  const row = rowIn(
    `6. Masking: a ${(result.reportBytes / 1024).toFixed(0)} KiB report, client secret and ${result.knownValues - 1} tokens`,
  );
  return [
    row('known values only (a report written by the runner)', result.knownValuesMs, 'ms'),
    row('as text: credentials by position, then known values', result.textMs, 'ms'),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = measureMasking((message) => process.stderr.write(`${message}\n`));
  for (const row of maskingRows(result)) {
    const { median, min, max } = row.value as Summary;
    process.stdout.write(`${row.measure}: median ${median.toFixed(1)} ms (${min.toFixed(1)}–${max.toFixed(1)})\n`);
  }
}
