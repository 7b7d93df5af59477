import { join, relative } from 'node:path';
import { collectionPath, loadProjectConfig, parseJson } from '../config/project-config.js';
import { CliError, ExitCode } from '../errors.js';
import { maskProcessOutput } from '../run/masked-newman.js';
import { createRunMasker, isSecretVariable } from '../run/masking.js';
import { runNewman } from '../run/newman-runner.js';
import { parseReporters } from '../run/reporters.js';
import { checkRequestedItems, runnableItems } from '../run/run-selection.js';
import { RUN_FAILURE_REASONS, runExitCode, type RunFailure } from '../run/exit-code.js';
import { runSummaryJson } from '../run/run-summary.js';
import { createHttpClient } from '../token/http-client.js';
import { configuredProxies } from '../token/proxy-route.js';
import { readTextFile } from '../util/files.js';
import type { Output } from '../util/output.js';
import { openEnvironment } from './open-environment.js';

export interface NewmanCommandOptions {
  projectDir: string;
  /** `--env` as given; undefined when left out (the embedded server's environment). */
  envName: string | undefined;
  iterations: number;
  delayRequest: number;
  timeoutRequest: number;
  folders?: string[];
  bail: boolean;
  reporters: string;
  tokenTtlSeconds?: number;
  sslExtraCaCerts?: string;
  allowInsecureHttp?: boolean;
  /** `quiet`: only the closing line and errors; `json`: a machine-readable summary on stdout. */
  format?: 'text' | 'quiet' | 'json';
}

/** `newman`: returns the process exit code (0 only when every request and assertion passed). */
export async function runNewmanCommand(options: NewmanCommandOptions, out: Output): Promise<number> {
  const format = options.format ?? 'text';
  // Newman's CLI reporter writes to stdout itself: --quiet silences it, --json needs stdout for the summary.
  const reporters = parseReporters(options.reporters).filter((name) => format === 'text' || name !== 'cli');
  // Newman skips a missing or damaged CA file without a word, and takes a malformed proxy setting for a host
  // name: both are checked here, by the client token and doctor use, which reads them when it is made (and
  // only when there is something to check: loading it costs a few hundred milliseconds).
  if (options.sslExtraCaCerts || configuredProxies().length > 0) {
    await (await createHttpClient({ timeoutMs: options.timeoutRequest, extraCaFile: options.sslExtraCaCerts })).close();
  }
  const loaded = await loadProjectConfig(options.projectDir);
  const collection = await readCollection(collectionPath(options.projectDir, loaded.config));
  checkRequestedItems(collection, options.folders);
  const resolved = await openEnvironment(
    {
      projectDir: options.projectDir,
      envName: options.envName,
      envDefault: 'embedded',
      purpose: 'run',
      tokenTtlSeconds: options.tokenTtlSeconds,
      allowInsecureHttp: options.allowInsecureHttp,
      useStoredToken: true,
    },
    (warning) => out.warn(`! ${warning}`),
  );
  const secretValues = resolved.environment.values.filter((entry) => isSecretVariable(entry));
  const masker = createRunMasker({
    clientId: resolved.get('clientId'),
    clientSecret: resolved.get('clientSecret'),
    // A browser sign-in token lives for an hour and is sent in every request: mask it too.
    secrets: [...secretValues.map((entry) => String(entry.value ?? '')), resolved.browserToken?.accessToken ?? ''],
    secretVariables: secretValues.map((entry) => entry.key),
  });
  // Everything the run and this command print passes the masker (masking.ts).
  const restoreOutput = maskProcessOutput(masker);
  try {
    for (const note of resolved.notes) out.info(note);
    const result = await runNewman({
      collection,
      environment: resolved.environment,
      reporters,
      reportsDir: join(options.projectDir, 'reports'),
      iterations: options.iterations,
      delayRequest: options.delayRequest,
      timeoutRequest: options.timeoutRequest,
      folders: runnableItems(collection, options.folders, resolved.browserToken !== undefined),
      bail: options.bail,
      sslExtraCaCerts: options.sslExtraCaCerts,
      masker,
      tokenUrl: resolved.get('tokenUrl'),
    });
    for (const file of result.reportFiles) out.info(`Report: ${relative(options.projectDir, file)}`);
    for (const problem of result.reportProblems) out.warn(`✗ ${problem.message}\n  Fix: ${problem.hint}`);
    if (resolved.server) {
      const { stats } = resolved.server;
      out.info(
        `Token endpoint: ${stats.tokenRequests} request(s), ${stats.tokensIssued} token(s) issued; API: ${stats.apiRequests} request(s), ${stats.apiUnauthorized} refused.`,
      );
    }
    const exitCode = runExitCode(result.summary.run.failures as unknown as RunFailure[]);
    const summary = runSummaryJson(result, {
      envName: resolved.envName,
      iterations: options.iterations,
      exitCode,
      projectDir: options.projectDir,
      mask: masker.text,
    });
    if (format === 'json') out.json(summary);
    // Without the CLI reporter, --quiet still owes the reader what failed.
    if (format === 'quiet') {
      for (const failure of summary.failures) {
        out.warn(`  ✗ ${failure.request} › ${failure.assertion ?? failure.error}: ${failure.message}`);
      }
    }
    if (result.failures > 0) {
      out.warn(
        `✗ ${result.failures} failure(s) in ${result.requests.total} request(s) (${result.assertions.failed} of ${result.assertions.total} assertions failed): ${RUN_FAILURE_REASONS[exitCode]}, exit ${exitCode}.`,
      );
      return exitCode;
    }
    out.result(`✓ ${result.assertions.total} assertions passed in ${result.requests.total} request(s).`);
    return ExitCode.ok;
  } finally {
    restoreOutput();
    await resolved.close();
  }
}

async function readCollection(file: string): Promise<object> {
  const text = await readTextFile(file);
  if (text === undefined) {
    throw new CliError(`Collection ${file} does not exist.`, { hint: 'Run `npm run generate` to write it.' });
  }
  const parsed = parseJson(text, file) as { info?: { schema?: unknown }; item?: unknown };
  if (typeof parsed !== 'object' || parsed === null || !parsed.info || !Array.isArray(parsed.item)) {
    throw new CliError(`${file} is not a Postman collection (no "info" or "item").`, {
      hint: 'Run `npm run generate` to write it again.',
    });
  }
  if (typeof parsed.info.schema === 'string' && !parsed.info.schema.includes('v2.1.0')) {
    throw new CliError(`${file} is not in Collection format v2.1.0 (${parsed.info.schema}).`, {
      hint: 'Export it from Postman as Collection v2.1, or run `npm run generate`.',
    });
  }
  return parsed;
}
