import assert from 'node:assert/strict';
import { readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeProject, runCli } from './support/project.js';
import { mountSmallDisk } from './support/small-disk.js';

/*
 * A report that cannot be written does not take the run's results with it: Newman's results are
 * printed, the message names the path, and the exit code is the run's.
 */

let project: { dir: string; remove: () => Promise<void> };
before(async () => {
  project = await makeProject();
});
after(async () => {
  await project.remove();
});

const reports = () => join(project.dir, 'reports');

test('reports/ is a file: the run still prints its results and exits 0, with one message naming the path', async () => {
  await writeFile(reports(), 'not a folder');
  try {
    const result = await runCli(['newman'], { cwd: project.dir });
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /✓ \d+ assertions passed in \d+ request\(s\)\./);
    assert.match(
      result.stderr,
      /^✗ Cannot use .*reports: a part of that path is a file, not a folder\.\n {2}Fix: Check the path/m,
    );
    assert.doesNotMatch(result.output, /Unexpected error|\n\s+at [\w.<]+ \(/);
    assert.doesNotMatch(result.stdout, /^Report: /m, 'no report is announced that was not written');
  } finally {
    await rm(reports(), { force: true });
  }
});

test('reports/ on a full disk: the results stand, each report that failed is named, nothing half-written is left', async (t) => {
  const disk = await mountSmallDisk({ kilobytes: 64 });
  if ('skip' in disk) return t.skip(disk.skip);
  try {
    await writeFile(join(disk.dir, 'filler'), Buffer.alloc(256 * 1024)).catch(() => undefined);
    await symlink(disk.dir, reports());
    const result = await runCli(['newman', '--reporters', 'cli,junit,json'], { cwd: project.dir });
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /✓ \d+ assertions passed/);
    assert.match(result.stderr, /^✗ Cannot write .*junit\.xml: the disk is full\.\n {2}Fix: Free some space/m);
    assert.match(result.stderr, /^✗ Cannot write .*newman-report\.json: the disk is full\./m);
    assert.deepEqual(await readdir(disk.dir), ['filler'], 'no partial or temporary report');
  } finally {
    await rm(reports(), { force: true });
    await disk.unmount();
  }
});
