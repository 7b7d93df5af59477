import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** The longest the wait may take: a hang guard, not a speed assertion, so generous. */
  timeoutMs: number;
  /** What is waited for, as it reads after "waiting for" in the error. */
  what: string;
  /** A reason to stop waiting now (say, the process that should make the condition true has exited). */
  giveUpIf?: () => string | false | undefined;
  intervalMs?: number;
}

/** Polls `condition` until it holds; throws, naming what it waited for, once `timeoutMs` is over or `giveUpIf` says so. */
export async function waitFor(condition: () => boolean | Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await condition()) return;
    const reason = options.giveUpIf?.();
    if (reason) throw new Error(`Stopped waiting for ${options.what}: ${reason}`);
    if (Date.now() >= deadline) throw new Error(`Waited ${options.timeoutMs} ms for ${options.what}, in vain`);
    await sleep(options.intervalMs ?? 50);
  }
}
