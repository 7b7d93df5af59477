import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { findBrowser } from './support/browser.js';

/* How the browser tests find a browser (support/browser.ts), on a made-up file system. */

let root: string;
const dirs = { first: '', second: '', empty: '' };
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'oauth-postman-browsers-'));
  for (const name of Object.keys(dirs) as (keyof typeof dirs)[]) {
    dirs[name] = join(root, name);
    await mkdir(dirs[name]);
  }
});
after(() => rm(root, { recursive: true, force: true }));

async function executable(file: string, mode = 0o755): Promise<string> {
  await writeFile(file, '#!/bin/sh\n');
  await chmod(file, mode);
  return file;
}

test('CHROMIUM_PATH wins, and when it names nothing the reason says so instead of guessing another browser', async () => {
  const chosen = await executable(join(root, 'my-chrome'));
  await executable(join(dirs.first, 'chromium'));
  assert.deepEqual(findBrowser({ chromiumPath: chosen, searchPath: dirs.first }), { found: true, executablePath: chosen });
  const missing = join(root, 'nothing-here');
  assert.deepEqual(findBrowser({ chromiumPath: missing, searchPath: dirs.first }), {
    found: false,
    reason: `no browser (CHROMIUM_PATH is ${missing}, which is not an executable file)`,
  });
});

test('on the search path: the first directory that has one, chromium before google-chrome within it', async () => {
  const chrome = await executable(join(dirs.second, 'google-chrome-stable'));
  const searchPath = [dirs.empty, dirs.second].join(delimiter);
  assert.deepEqual(findBrowser({ searchPath }), { found: true, executablePath: chrome });
  const chromium = await executable(join(dirs.second, 'chromium-browser'));
  assert.deepEqual(findBrowser({ searchPath }), { found: true, executablePath: chromium });
});

test("a file that is not executable is no browser; playwright's download is the last resort", async () => {
  await executable(join(dirs.empty, 'chromium'), 0o644);
  const absent = findBrowser({ searchPath: dirs.empty, playwrightExecutable: join(root, 'ms-playwright', 'chrome') });
  assert.equal(absent.found, false);
  assert.match(
    absent.found ? '' : absent.reason,
    /^no browser \(looked for CHROMIUM_PATH, then chromium, .* on the PATH, then playwright's chromium\)$/,
  );
  const downloaded = await executable(join(root, 'playwright-chrome'));
  assert.deepEqual(findBrowser({ searchPath: dirs.empty, playwrightExecutable: downloaded }), {
    found: true,
    executablePath: downloaded,
  });
});
