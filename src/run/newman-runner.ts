import { mkdir, rename, rm } from 'node:fs/promises';
import type { NewmanRunOptions as NewmanLibraryOptions, NewmanRunSummary } from 'newman';
import type { PostmanEnvironment } from '../config/environment-file.js';
import { CliError, ExitCode } from '../errors.js';
import { inlineReportAssets } from './offline-report.js';
import { redactFile, redactStdout } from './redact.js';
import { reporterSetup, type ReporterName } from './reporters.js';

/** The part of the SDK's VariableList that the runner reads. */
interface VariableList {
  all(): { key: string; value: unknown; type?: string }[];
}

export interface NewmanRunOptions {
  collection: object;
  environment: PostmanEnvironment;
  reporters: ReporterName[];
  reportsDir: string;
  iterations: number;
  delayRequest: number;
  timeoutRequest: number;
  folders?: string[];
  bail: boolean;
  sslExtraCaCerts?: string;
  /** Values to mask in the console output and the reports (see redact.ts). */
  secrets: readonly string[];
}

export interface NewmanRunResult {
  summary: NewmanRunSummary;
  failures: number;
  assertions: { total: number; failed: number };
  requests: { total: number; failed: number };
  reportFiles: string[];
}

/** One Newman run. Reports are written under temporary names and renamed once complete. */
export async function runNewman(options: NewmanRunOptions): Promise<NewmanRunResult> {
  const { default: newman } = await import('newman');
  await mkdir(options.reportsDir, { recursive: true });
  const setup = reporterSetup(options.reporters, options.reportsDir, `${process.pid}-${Date.now()}`);
  // Grows during the run: every bearer token the collection sends is masked from then on.
  const secrets = [...options.secrets];
  const restoreStdout = redactStdout(secrets);
  const summary = await new Promise<NewmanRunSummary>((resolve, reject) => {
    const emitter = newman.run(
      {
        collection: options.collection,
        environment: options.environment,
        reporters: setup.reporters,
        reporter: setup.options,
        iterationCount: options.iterations,
        delayRequest: options.delayRequest,
        timeoutRequest: options.timeoutRequest,
        folder: options.folders && options.folders.length > 0 ? options.folders : undefined,
        bail: options.bail,
        sslExtraCaCerts: options.sslExtraCaCerts,
        color: process.env.NO_COLOR ? 'off' : 'auto',
      } as NewmanLibraryOptions,
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    emitter.on('request', (_error: unknown, args: { request?: { headers?: { get(name: string): unknown } } }) => {
      rememberBearerToken(secrets, args?.request?.headers?.get('Authorization'));
    });
    emitter.on('beforeDone', (_error: unknown, args: { summary?: { environment?: { values?: VariableList } } }) => {
      // Reporters write their files on 'beforeDone'; the last token may never have been sent.
      for (const variable of args?.summary?.environment?.values?.all?.() ?? []) {
        if (variable.type === 'secret' || variable.key === 'accessToken') rememberSecret(secrets, variable.value);
      }
    });
  })
    .finally(restoreStdout)
    .catch(async (error: Error) => {
      await Promise.all(setup.files.map((file) => rm(file.temporary, { force: true })));
      throw new CliError(`Newman could not run the collection: ${error.message}.`, {
        hint: 'Check the --folder name and the collection file; run `npm run generate` to rewrite it.',
        exitCode: ExitCode.usage,
        cause: error,
      });
    });

  const reportFiles: string[] = [];
  for (const file of setup.files) {
    try {
      await redactFile(file.temporary, secrets);
      if (file.final.endsWith('.html')) await inlineReportAssets(file.temporary);
      await rename(file.temporary, file.final);
      reportFiles.push(file.final);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const stats = summary.run.stats;
  return {
    summary,
    failures: summary.run.failures.length,
    assertions: { total: stats.assertions.total ?? 0, failed: stats.assertions.failed ?? 0 },
    requests: { total: stats.requests.total ?? 0, failed: stats.requests.failed ?? 0 },
    reportFiles,
  };
}

function rememberBearerToken(secrets: string[], authorization: unknown): void {
  if (typeof authorization !== 'string') return;
  const match = /^Bearer\s+(\S+)/i.exec(authorization);
  if (match) rememberSecret(secrets, match[1]);
}

function rememberSecret(secrets: string[], value: unknown): void {
  if (typeof value !== 'string' || value.length < 8 || secrets.includes(value)) return;
  secrets.push(value);
  secrets.sort((a, b) => b.length - a.length);
}
