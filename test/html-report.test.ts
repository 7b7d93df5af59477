import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { launchBrowser, skipWithoutBrowser } from './support/browser.js';
import { repoRoot, runCli } from './support/project.js';
import { useServer } from './support/fixtures.js';

/*
 * The HTML report as a person sees it: produced by the CLI against the real local server, then
 * opened from file:// in headless Chromium (or Chrome, support/browser.ts) with the network cut off.
 */

const fixture = useServer();
const { issuedTokens } = fixture;

test('the htmlextra report renders offline in a browser, shows the token request and its assertions, and holds no secret', {
  skip: skipWithoutBrowser,
}, async () => {
  const run = await runCli(['newman', '--env', 'prod', '--reporters', 'cli,junit,htmlextra', '--iterations', '2'], {
    cwd: fixture.project.dir,
    env: fixture.env(),
  });
  assert.equal(run.code, 0, run.output);
  // Progress over long runs comes from Newman's CLI reporter: one header per iteration.
  assert.match(run.stdout, /Iteration 1\/2/);
  assert.match(run.stdout, /Iteration 2\/2/);
  assert.ok(issuedTokens.length >= 1, 'a token was issued');

  const report = join(fixture.project.dir, 'reports', 'newman-report.html');
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const external: string[] = [];
  // A script that the build step mangled (Handlebars, an early </script>) throws as the page loads.
  const scriptErrors: string[] = [];
  page.on('pageerror', (error) => scriptErrors.push(error.message));
  // Offline: only file:// loads; anything else the report asks for is recorded and refused.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  try {
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load', timeout: 60_000 });
    assert.equal(await page.title(), 'Newman report');
    const summary = await page.locator('body').innerText();
    assert.match(summary, /OAuth 2\.0 collection run/);
    // As a person would: open the requests tab (a Bootstrap tab, so the report's scripts must run).
    await page.getByText('Total Requests').first().click();
    const tokenFolder = page.getByText(/Token - 1 request in the folder/i).first();
    await tokenFolder.waitFor({ state: 'visible', timeout: 10_000 });
    await tokenFolder.click();
    await page.getByText('Get access token (client credentials)').first().waitFor({ state: 'visible', timeout: 10_000 });
    // Every iteration, folder and request is in the page, collapsed until clicked.
    const text = await page.locator('body').evaluate((body) => body.textContent ?? '');
    assert.match(text, /OAuth 2\.0 collection run/);
    for (const name of [
      'Get access token',
      'Token endpoint answers 200',
      'access_token is a non-empty string',
      'token_type is Bearer',
      'expires_in gives the token lifetime in seconds',
      'Who am I',
      'Who am I answers 200',
    ]) {
      assert.ok(text.includes(name), `"${name}" is visible in the report`);
    }
    // htmlextra's CDN styles and scripts are inlined: nothing is fetched, and yet the page is styled and scripted.
    assert.deepEqual(external, [], 'the report loads nothing from the network');
    assert.deepEqual(scriptErrors, [], 'every script in the report runs');
    const libraries = await page.evaluate(
      '[typeof window.jQuery, typeof window.jQuery.fn.DataTable, typeof window.jQuery.fn.tooltip, typeof window.ClipboardJS, typeof window.Remarkable, typeof window.hljs]',
    );
    // jQuery, DataTables, Bootstrap's scripts, clipboard.js, Remarkable, highlight.js
    assert.deepEqual(libraries, ['function', 'function', 'function', 'function', 'function', 'object'], 'the libraries ran');
    // Bootstrap's .row is a flex container; unstyled, it is a plain block.
    const row = await page.evaluate('getComputedStyle(document.querySelector(".row")).display');
    assert.equal(row, 'flex', 'Bootstrap styles apply');
    // document.fonts.check() is also true when no such font is declared at all: ask for the face itself.
    const iconFaces = await page.evaluate(
      'document.fonts.ready.then((fonts) => [...fonts].filter((face) => face.family.includes("Font Awesome 5 Free")).map((face) => `${face.weight} ${face.status}`))',
    );
    assert.ok((iconFaces as string[]).includes('900 loaded'), `the icon font is embedded and loads: ${String(iconFaces)}`);
    // Each library is its package's file to the byte. Handlebars renders the template, and a "{{" it was
    // not told to keep (highlight.js has four) would change the code without breaking it.
    const file = await readFile(report, 'utf8');
    const inlined = [...file.matchAll(/<script>\/\* (\S+), for \S+ \*\/\n([\s\S]*?)\n<\/script>/g)];
    assert.equal(
      inlined.length,
      7,
      'jQuery, Bootstrap, DataTables (2 files), clipboard.js, Remarkable and highlight.js are inlined',
    );
    for (const [, spec, code] of inlined) {
      const original = await readFile(join(repoRoot, 'node_modules', spec!), 'utf8');
      assert.ok(code === original.replace(/<\/script/gi, '<\\/script'), `${spec} is inlined unchanged`);
    }
    const html = await page.content();
    assert.ok(!html.includes(fixture.server.demoClient.clientSecret), 'the client secret is in the report');
    for (const token of issuedTokens) assert.ok(!html.includes(token), 'an access token is in the report');
  } catch (error) {
    await mkdir(join(repoRoot, 'reports'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'reports', 'html-report-test-failure.png'), fullPage: true });
    throw error;
  } finally {
    await browser.close();
  }
});
