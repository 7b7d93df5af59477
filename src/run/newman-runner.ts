import { join } from 'node:path';
import type { EventEmitter } from 'node:events';
import type { NewmanRunOptions as NewmanLibraryOptions, NewmanRunSummary } from 'newman';
import type { PostmanEnvironment } from '../config/environment-file.js';
import { CliError, ExitCode } from '../errors.js';
import { leanCollection, leanEnvironment } from './lean-collection.js';
import { maskNewmanRun, type ReportExport } from './masked-newman.js';
import type { RunMasker } from './masking.js';
import { removeStaleTemporaryFiles, writeReports } from './report-files.js';
import { boundRequests } from './request-bounds.js';
import { reporterSetup, type ReporterName } from './reporters.js';
import { colourWanted } from '../util/output.js';

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
  /** Masks the run's events, reports and messages (masking.ts). */
  masker: RunMasker;
  /** The token endpoint: its answers are bounded in size (request-bounds.ts). */
  tokenUrl: string;
}

export interface NewmanRunResult {
  summary: NewmanRunSummary;
  failures: number;
  assertions: { total: number; failed: number };
  requests: { total: number; failed: number };
  reportFiles: string[];
  /** Reports that could not be written, each with the path and what to do. */
  reportProblems: CliError[];
}

/** One Newman run, its reporters behind the masker; reports are written once the run is over. */
export async function runNewman(options: NewmanRunOptions): Promise<NewmanRunResult> {
  const { default: newman } = await import('newman');
  await removeStaleTemporaryFiles(options.reportsDir);
  const setup = reporterSetup(options.reporters, options.reportsDir);
  let reports: () => ReportExport[] = () => [];
  const liftBounds = boundRequests({ timeoutMs: options.timeoutRequest, tokenUrl: options.tokenUrl });
  const summary = await new Promise<NewmanRunSummary>((resolve, reject) => {
    const emitter = newman.run(
      {
        // Newman runs a lean copy: the same requests and scripts without what only a reader needs.
        collection: leanCollection(options.collection, { keepReportedDescriptions: options.reporters.includes('htmlextra') }),
        environment: leanEnvironment(options.environment),
        reporters: setup.reporters,
        reporter: setup.options,
        iterationCount: options.iterations,
        delayRequest: options.delayRequest,
        timeoutRequest: options.timeoutRequest,
        folder: options.folders && options.folders.length > 0 ? options.folders : undefined,
        bail: options.bail,
        sslExtraCaCerts: options.sslExtraCaCerts,
        // The refresh's pm.sendRequest carries the client secret and gets no settings of its own
        // (postman-runtime's event.command.js): this run-wide switch is the only one that stops it
        // from following a redirect. The collection's requests keep following (its root sets
        // followRedirects), except the Token request, which sets it off for itself.
        ignoreRedirects: true,
        color: colourWanted(process.env, process.stdout.isTTY === true) ? 'on' : 'off',
      } as NewmanLibraryOptions,
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    ({ reports } = maskNewmanRun(emitter as unknown as EventEmitter, options.masker));
  })
    .finally(liftBounds)
    .catch((error: Error) => {
      const message = options.masker.text(error.message);
      throw new CliError(`Newman could not run the collection: ${message}.`, {
        hint: 'Check the --folder name and the collection file; run `npm run generate` to rewrite it.',
        exitCode: ExitCode.usage,
        cause: Object.assign(new Error(message), { stack: options.masker.text(error.stack ?? message) }),
      });
    });

  const { files: reportFiles, problems: reportProblems } = await writeReports(
    reports().map((report) => ({
      path: report.path ?? join(options.reportsDir, `${report.name ?? 'report'}.txt`),
      content: report.content,
    })),
  );
  const stats = summary.run.stats;
  return {
    summary,
    failures: summary.run.failures.length,
    assertions: { total: stats.assertions.total ?? 0, failed: stats.assertions.failed ?? 0 },
    requests: { total: stats.requests.total ?? 0, failed: stats.requests.failed ?? 0 },
    reportFiles,
    reportProblems,
  };
}
