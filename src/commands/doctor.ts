import { runDoctor, type DoctorOptions } from '../doctor/run-doctor.js';
import type { CheckResult } from '../doctor/checks.js';
import { ExitCode } from '../errors.js';
import type { Output } from '../util/output.js';

const MARK: Record<CheckResult['status'], string> = { ok: '✓', fail: '✗', warn: '!', skip: '–' };

/** `doctor`: one line per check, the fix under the first broken one; `--json` for scripts. */
export async function doctorCommand(options: DoctorOptions & { json: boolean }, out: Output): Promise<number> {
  const width = 24;
  const { envName, results } = await runDoctor(options, (result) => {
    if (options.json) return;
    out.info(`${MARK[result.status]} ${result.name.padEnd(width)} ${result.detail}`);
    if (result.hint) out.info(`  ${' '.repeat(width)} Fix: ${result.hint}`);
  });
  const failed = results.find((result) => result.status === 'fail');
  if (options.json)
    out.json({
      ok: !failed,
      env: envName ?? options.envName ?? null,
      checks: results.map(({ exitCode: _exitCode, ...rest }) => rest),
    });
  return failed ? (failed.exitCode ?? ExitCode.testsFailed) : ExitCode.ok;
}
