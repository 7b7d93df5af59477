import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { outputMatching } from './process.js';
import { repoRoot } from './project.js';

const prismCli = join(repoRoot, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

export interface RunningPrism {
  origin: string;
  /** Everything Prism printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Stoplight Prism (a devDependency) mocking `document` on 127.0.0.1, on a port it picks itself
 * (`-p 0`). Prism validates each request against the document, security included: a request
 * without the bearer token the document asks for gets 401.
 */
export async function startPrism(document: string, options: { startTimeoutMs?: number } = {}): Promise<RunningPrism> {
  const child = spawn(process.execPath, [prismCli, 'mock', '-h', '127.0.0.1', '-p', '0', document], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    // Prism takes a moment to close its server; bounded, then forced.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const listening = await outputMatching(child, /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/, {
    what: 'Prism to say it is listening',
    // About 3 s on a quiet 2-core machine, over 30 s under a load average of 20: a generous bound.
    timeoutMs: options.startTimeoutMs ?? 120_000,
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { origin: listening.match[1]!, log: listening.printed, stop };
}
