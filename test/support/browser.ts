import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { cleanEnv, cliPath, repoRoot, type CliResult } from './project.js';

/** Debian's Chromium, headless, with a fresh profile (playwright-core downloads no browser). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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

/** A port nothing listens on right now, for a per-test redirect URI. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningCli {
  /** The first stdout line that is a URL. */
  url: Promise<string>;
  done: Promise<CliResult>;
}

/** Starts the CLI and hands over the URL it prints while it keeps running (login --no-open). */
export function startCli(args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): RunningCli {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd, env: cleanEnv(options.env) });
  let stdout = '';
  let stderr = '';
  let foundUrl: (url: string) => void;
  let noUrl: (error: Error) => void;
  const url = new Promise<string>((resolve, reject) => {
    foundUrl = resolve;
    noUrl = reject;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const line = stdout.split('\n').find((candidate) => /^https?:\/\/\S+$/.test(candidate));
    if (line) foundUrl(line);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // A hang guard, not a speed assertion.
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      noUrl(new Error(`The CLI exited (${code}) without printing a URL:\n${stdout}${stderr}`));
      resolve({ code, stdout, stderr, output: stdout + stderr });
    });
  });
  child.stdin.end();
  return { url, done };
}

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
