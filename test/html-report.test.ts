import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { launchChromium } from './support/browser.js';
import { repoRoot, runCli } from './support/project.js';
import { useServer } from './support/fixtures.js';

/*
 * The HTML report as a person sees it: produced by the CLI against the real local server, then
 * opened from file:// in headless Chromium with the network cut off.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const fixture = useServer();
const { issuedTokens } = fixture;

test(
  'the htmlextra report renders offline in Chromium, shows the token request and its assertions, and holds no secret',
  // CI installs Chromium (.ci/run); elsewhere a missing browser skips rather than fails.
  { skip: !existsSync(CHROMIUM) && !process.env.CI && `no Chromium at ${CHROMIUM}` },
  async () => {
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
    const browser = await launchChromium();
    const page = await browser.newPage();
    const external: string[] = [];
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
      assert.equal(await page.evaluate('typeof window.jQuery'), 'function', 'jQuery ran');
      // Bootstrap's .row is a flex container; unstyled, it is a plain block.
      const row = await page.evaluate('getComputedStyle(document.querySelector(".row")).display');
      assert.equal(row, 'flex', 'Bootstrap styles apply');
      const iconFont = await page.evaluate('document.fonts.check(\'900 16px "Font Awesome 5 Free"\')');
      assert.equal(iconFont, true, 'the icon font is embedded');
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
  },
);
