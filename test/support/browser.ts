import { accessSync, constants, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { repoRoot, runCli, type CliResult } from './project.js';

/*
 * The browser the browser tests drive, found the way users have one. Without one, those tests are
 * skipped with a reason and the run ends with one line saying how many and how to get a browser;
 * REQUIRE_BROWSER_TESTS=1 (set by .ci/run) turns that skip into a failure.
 */

/** Browser names looked up on the search path, in order. */
const BROWSER_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
/** Where macOS keeps Chrome and Chromium when they are not on the PATH. */
const MACOS_APPS = [
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];
/** How to get a browser, for the skip reason and the summary line. */
const BROWSER_ADVICE =
  'to run them, apt-get install chromium (or npx playwright-core install chromium, or set CHROMIUM_PATH); REQUIRE_BROWSER_TESTS=1 makes this a failure';

export interface BrowserSearch {
  /** CHROMIUM_PATH: when set, the only browser tried. */
  chromiumPath?: string;
  /** Directories searched for the browser commands (PATH). */
  searchPath: string;
  /** Where playwright-core keeps its own download (`npx playwright-core install chromium`), if anywhere. */
  playwrightExecutable?: string;
}

export type BrowserLookup = { found: true; executablePath: string } | { found: false; reason: string };

const isExecutable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * A browser by the user's own choice (CHROMIUM_PATH), then by name on the search path (Debian's and
 * other distributions' Chromium, Google Chrome), then macOS's usual places, then playwright's download.
 */
export function findBrowser(search: BrowserSearch): BrowserLookup {
  if (search.chromiumPath) {
    return isExecutable(search.chromiumPath)
      ? { found: true, executablePath: search.chromiumPath }
      : {
          found: false,
          reason: `no browser (CHROMIUM_PATH is ${search.chromiumPath}, which is not an executable file)`,
        };
  }
  const candidates = [
    ...search.searchPath
      .split(delimiter)
      .filter(Boolean)
      .flatMap((dir) => BROWSER_COMMANDS.map((command) => join(dir, command))),
    ...MACOS_APPS,
    ...(search.playwrightExecutable ? [search.playwrightExecutable] : []),
  ];
  const executablePath = candidates.find(isExecutable);
  if (executablePath) return { found: true, executablePath };
  return {
    found: false,
    reason: `no browser (looked for CHROMIUM_PATH, then ${BROWSER_COMMANDS.join(', ')} on the PATH, then playwright's chromium)`,
  };
}

/** playwright-core's own browser download, whether or not it is there. */
async function playwrightExecutable(): Promise<string | undefined> {
  try {
    const { chromium } = await import('playwright-core');
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * This machine's browser. TEST_BROWSER_SEARCH_PATH replaces PATH for the lookup (and playwright's
 * PLAYWRIGHT_BROWSERS_PATH moves its download), so a machine without a browser can be tried on one
 * that has it. playwright-core is loaded only when nothing else is found: its import is slow.
 */
async function lookUpBrowser(): Promise<BrowserLookup> {
  const search = {
    chromiumPath: process.env.CHROMIUM_PATH || undefined,
    searchPath: process.env.TEST_BROWSER_SEARCH_PATH ?? process.env.PATH ?? '',
  };
  const lookup = findBrowser(search);
  if (lookup.found || search.chromiumPath) return lookup;
  return findBrowser({ ...search, playwrightExecutable: await playwrightExecutable() });
}

const lookup = await lookUpBrowser();

const browserRequired = process.env.REQUIRE_BROWSER_TESTS === '1';

/**
 * The `skip` option of every test that needs a browser: false when there is one (or when one is
 * required, so the test fails at launch instead), otherwise the reason.
 */
export const skipWithoutBrowser: string | false = lookup.found || browserRequired ? false : `${lookup.reason}; ${BROWSER_ADVICE}`;

/** The browser, headless, with a fresh profile (playwright-core downloads no browser). */
export async function launchBrowser(): Promise<Browser> {
  if (!lookup.found) throw new Error(`${lookup.reason}; ${BROWSER_ADVICE}`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: lookup.executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a browser test file gets from useBrowser. */
export interface FileBrowser {
  /**
   * The file's one page, reset for the test that asks: no listener, no route, no cookie left by an
   * earlier test (so no sign-in session carries over), and on about:blank. Tests take turns with it:
   * a test is done with it when it ends.
   */
  page(): Promise<Page>;
}

/**
 * For one test file: one browser with one page, opened before its tests (outside any command that
 * startCli or runCli runs in this process) and closed after them. The page is reset between tests
 * rather than made anew, because each new page is a new renderer process: measured with process
 * accounting (Chromium's renderers are not reaped by the browser process playwright kills at close,
 * so getrusage and /usr/bin/time miss them), browser-login cost Chromium 25.5 CPU s with a context
 * per test, 21.6 with a page per test, and 11 with this one page. A launch that fails fails the
 * tests that ask for the page, not the others.
 */
export function useBrowser(): FileBrowser {
  let opened: Promise<{ browser: Browser; page: Page }> | undefined;
  const open = () =>
    (opened ??= launchBrowser().then(async (browser) => ({ browser, page: await (await browser.newContext()).newPage() })));
  before(async () => {
    if (lookup.found) await open().catch(() => undefined);
  });
  after(async () => {
    const running = await opened?.catch(() => undefined);
    await running?.browser.close();
  });
  return {
    async page() {
      const { page } = await open();
      page.removeAllListeners();
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await page.goto('about:blank');
      await page.context().clearCookies();
      return page;
    },
  };
}

/** Where startCli leaves what must run when the test ends: the test's context, or a caller's own list. */
export interface EndOfTest {
  after(cleanup: () => Promise<void>): void;
}

export interface RunningCli {
  /** The first stdout line that is a URL. */
  url: Promise<string>;
  done: Promise<CliResult>;
}

/**
 * Starts the CLI in this process (support/project.ts runCli, which spares a node start and a load
 * of the CLI per sign-in) and hands over the URL it prints while it keeps running (login --no-open).
 * A command run here has the process environment (TMPDIR too) and standard output as its own until
 * it returns, so launch the browser before it starts (as useBrowser does), and it must not outlive
 * its test: at the test's end a login still waiting (a browser step failed) is handed a refusal at
 * its redirect URI, and the test waits for it to end.
 */
export function startCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number; test: EndOfTest },
): RunningCli {
  const { test, ...runOptions } = options;
  let printed = '';
  let foundUrl: (url: string) => void = () => undefined;
  let ended = false;
  const done = runCli(args, {
    ...runOptions,
    onStdout: (text) => {
      printed += text;
      const match = URL_LINE.exec(printed);
      if (match) foundUrl(match[1]!);
    },
  }).finally(() => (ended = true));
  const url = new Promise<string>((resolve, reject) => {
    foundUrl = resolve;
    const stopped = (why: string) =>
      reject(new Error(`Stopped waiting for the CLI to print a URL: ${why}; the output so far:\n${printed}`));
    done.then(
      (result) => stopped(`the command ended (exit ${result.code})`),
      (error: Error) => stopped(error.message),
    );
  });
  test.after(async () => {
    const redirectUri = await url.then(
      (address) => new URL(address).searchParams.get('redirect_uri'),
      () => null,
    );
    if (redirectUri && !ended) {
      await fetch(redirectUri, {
        method: 'POST',
        body: 'error=access_denied&error_description=the+test+ended+before+the+sign-in+came+back',
        signal: AbortSignal.timeout(10_000),
      }).catch(() => undefined);
    }
    await done.catch(() => undefined);
  });
  return { url, done };
}

/** The line startCli waits for: a URL alone on its line. */
const URL_LINE = /^(https?:\/\/\S+)\n/m;

/** Runs a browser step; on failure keeps a screenshot under reports/ for whoever reads the CI log. */
export async function withScreenshot<T>(page: Page, name: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const dir = join(repoRoot, 'reports');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `browser-${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw Object.assign(error as Error, { message: `${(error as Error).message}\n(screenshot: ${file})` });
  }
}
