import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { outputMatching } from './process.js';
import { repoRoot } from './project.js';

const prismMocks = join(repoRoot, 'test', 'support', 'prism-mocks.mjs');

export interface RunningPrism {
  /** One mock server per document, in the order of the documents. */
  origins: string[];
  /** Everything Prism printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Stoplight Prism (a devDependency) mocking each of `documents` on 127.0.0.1, on ports it picks
 * itself (`-p 0`), all in one process (prism-mocks.mjs: Prism loads once). Prism validates each
 * request against the document, security included: a request without the bearer token the
 * document asks for gets 401.
 */
export async function startPrism(documents: readonly string[], options: { startTimeoutMs?: number } = {}): Promise<RunningPrism> {
  const child = spawn(process.execPath, [prismMocks, ...documents], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    // Prism takes a moment to close its server; bounded, then forced.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const listeningLine = 'Prism is listening on (http://127\\.0\\.0\\.1:\\d+)';
  const everyServerListening = new RegExp(documents.map(() => listeningLine).join('[\\s\\S]*?'));
  const listening = await outputMatching(child, everyServerListening, {
    what: `Prism to say it is listening, once per document (${documents.length})`,
    // About 3 s on a quiet 2-core machine, over 30 s under a load average of 20: a generous bound.
    timeoutMs: options.startTimeoutMs ?? 120_000,
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { origins: listening.match.slice(1), log: listening.printed, stop };
}
