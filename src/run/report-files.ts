import { readdirSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { temporaryFileOwner, writeFileAtomic } from '../util/atomic-write.js';

/**
 * Reports stay in memory until the run is over and are written masked (masking.ts), each to a
 * temporary file beside it, created 0600, then renamed to its name in one step (writeFileAtomic):
 * a reader never sees half a report. Temporary names carry the process id, so a run interrupted
 * by SIGINT or SIGTERM removes its own, and the next run removes those a SIGKILL left behind.
 */
export async function writeReports(
  reports: { path: string; content: string }[],
): Promise<{ files: string[]; problems: CliError[] }> {
  const restoreSignals = removeOwnTemporaryFilesOnSignal(new Set(reports.map((report) => dirname(report.path))));
  const files: string[] = [];
  // A report that cannot be written (a full or read-only disk, reports/ being a file) is said, and
  // the run's results and exit code still stand.
  const problems: CliError[] = [];
  try {
    for (const report of reports) {
      try {
        await writeFileAtomic(report.path, report.content, { mode: 0o600 });
        files.push(report.path);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        problems.push(error);
      }
    }
    return { files, problems };
  } finally {
    restoreSignals();
  }
}

/** Temporary reports of earlier versions: `.junit.xml.4242-1700000000000.tmp`. */
const EARLIER_TEMPORARY_REPORT = /^\..+\.(\d+)-\d+\.tmp$/;

/** The process that wrote a temporary report file (writeFileAtomic's, or an earlier version's); undefined for any other name. */
const temporaryReportOwner = (name: string) =>
  temporaryFileOwner(name) ?? (Number(EARLIER_TEMPORARY_REPORT.exec(name)?.[1]) || undefined);

/** Removes the temporary report files of runs that are no longer running (killed before they could). */
export async function removeStaleTemporaryFiles(reportsDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(reportsDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = temporaryReportOwner(name);
    if (pid && pid !== process.pid && !isRunning(pid)) await rm(join(reportsDir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** On SIGINT or SIGTERM, removes this process's temporary report files, then dies of the signal as it would have. */
function removeOwnTemporaryFilesOnSignal(dirs: Set<string>): () => void {
  const handler = (signal: NodeJS.Signals) => {
    for (const dir of dirs) {
      for (const name of safeReaddir(dir)) {
        if (temporaryReportOwner(name) === process.pid) rmSync(join(dir, name), { force: true });
      }
    }
    restore();
    process.kill(process.pid, signal);
  };
  const restore = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return restore;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
