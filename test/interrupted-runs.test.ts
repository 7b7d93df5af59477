import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { useHostileProject } from './support/hostile-server.js';
import { assertNowhere, basicForms, encodedForms, placesWritten } from './support/leaks.js';
import { builtModule, cleanEnv, cliPath, repoRoot, runCli, temporaryFilesIn } from './support/project.js';
import { finished, outputMatching } from './support/process.js';
import { waitFor } from './support/wait.js';

/*
 * Nothing with a secret or a token is left on disk when a run is interrupted: a real run killed
 * half-way (SIGINT, SIGTERM) leaves no report and no temporary file anywhere, a report being
 * written when the signal comes leaves no temporary file, and one a SIGKILL left behind (0600) is
 * removed by the next run.
 */

const fixture = useHostileProject();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`a run stopped by ${signal} half-way leaves no report, no temporary file, and no secret on disk`, async (t) => {
    // The token answer trickles in for about a minute: the run is surely under way when the signal comes.
    fixture.server.tokenEndpoint = { kind: 'trickle', intervalMs: 500 };
    const tempDir = await mkdtemp(join(tmpdir(), 'oauth-postman-run-'));
    // Its own TMPDIR: a file left there is this run's, not another test's running beside it.
    t.after(() => rm(tempDir, { recursive: true, force: true }));
    const child = spawn(
      process.execPath,
      [cliPath, 'newman', '--env', 'prod', '--folder', 'Token', '--folder', 'API', '--reporters', 'cli,junit,htmlextra,json'],
      {
        cwd: fixture.project.dir,
        env: cleanEnv({ ...fixture.env(), TMPDIR: tempDir }),
      },
    );
    const running = await outputMatching(child, /POST http:\/\/127\.0\.0\.1:\d+\/as\/token\.oauth2/, {
      what: 'the token request',
      timeoutMs: 30_000,
    });
    child.kill(signal);
    const { code, signal: endedBy } = await finished(child, 15_000);
    assert.equal(endedBy, signal, `the run ended by the signal (${JSON.stringify({ code, signal: endedBy })})`);
    assert.deepEqual(await readdir(join(fixture.project.dir, 'reports')).catch(() => []), [], 'nothing under reports/');
    // All it printed, before the signal and after.
    const output = running.printed();
    const run = { code: null, stdout: output, stderr: '', output, temporaryFiles: await temporaryFilesIn(tempDir) };
    const places = await placesWritten(fixture.project.dir, run);
    const { clientId, clientSecret } = fixture.server.client;
    assertNowhere(places, {
      'the client secret': [...encodedForms(clientSecret), ...basicForms(clientId, clientSecret)],
      ...Object.fromEntries(fixture.server.issuedTokens.map((token, i) => [`token ${i + 1}`, encodedForms(token)])),
    });
  });
}

/**
 * A process that writes one large report with the runner's own writer, so that a signal can land
 * while the temporary file exists. 100 MB keeps it there for hundreds of milliseconds even on a
 * tmpfs (encoding the string alone comes after the file is opened) and for seconds where fsync
 * meets a disk; each 100 MB more cost over a second of CPU, nearly all of it in encoding.
 */
function startWriter(reportsDir: string): ChildProcess {
  const script = `
    const { writeReports } = await import(${JSON.stringify(builtModule('run/report-files.js'))});
    await writeReports([{ path: ${JSON.stringify(join(reportsDir, 'newman-report.json'))}, content: 'x'.repeat(100 * 1024 * 1024) }]);
  `;
  return spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, stdio: 'ignore' });
}

/** The writer's temporary file, as soon as it exists (at most `ms`). */
async function temporaryFileOf(reportsDir: string, ms: number): Promise<string> {
  let name: string | undefined;
  const appeared = async () => (name = (await readdir(reportsDir)).find((entry) => entry.endsWith('.tmp'))) !== undefined;
  await waitFor(appeared, { timeoutMs: ms, what: 'a temporary report file', intervalMs: 5 });
  return join(reportsDir, name!);
}

test('SIGTERM while a report is being written: its temporary file (0600) is removed and no half report is left', async () => {
  const reportsDir = join(await makeTempDir(), 'reports');
  await mkdir(reportsDir);
  const writer = startWriter(reportsDir);
  const temporary = await temporaryFileOf(reportsDir, 30_000);
  assert.equal((await stat(temporary)).mode & 0o777, 0o600, 'the temporary file is readable by its owner only');
  writer.kill('SIGTERM');
  // A process dies only once its pending fsync of the report returns, which on a busy disk
  // took longer than 15 s: the bound is generous, it only keeps a stuck writer from hanging the suite.
  assert.equal((await finished(writer, 120_000)).signal, 'SIGTERM');
  assert.deepEqual(await readdir(reportsDir), [], 'neither the temporary file nor a report is left');
});

test('a temporary report left by a SIGKILL is removed by the next run', async () => {
  const reportsDir = join(fixture.project.dir, 'reports');
  await mkdir(reportsDir, { recursive: true });
  const writer = startWriter(reportsDir);
  const temporary = await temporaryFileOf(reportsDir, 30_000);
  writer.kill('SIGKILL');
  await finished(writer, 15_000);
  assert.ok((await readdir(reportsDir)).includes(temporary.split('/').pop()!), 'SIGKILL left the temporary file');
  // One of a run that is still going on (this process) is not touched.
  const running = join(reportsDir, `.junit.xml.${process.pid}.0badcafe.tmp`);
  await writeFile(running, '', { mode: 0o600 });
  fixture.server.tokenEndpoint = { kind: 'issue' };
  const result = await runCli(['newman', '--env', 'prod', '--folder', 'Token', '--folder', 'API', '--reporters', 'cli,junit'], {
    cwd: fixture.project.dir,
    env: fixture.env(),
  });
  assert.equal(result.code, 0, result.output);
  assert.deepEqual((await readdir(reportsDir)).sort(), [running.split('/').pop()!, 'junit.xml'].sort());
});

async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'oauth-postman-writer-'));
}
