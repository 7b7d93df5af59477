/**
 * The local authorization server in a worker thread of its own. Importing oidc-provider takes
 * about half a second (BENCHMARKS.md); in a thread it takes it on the machine's other core while
 * the command's own thread loads Newman, and the server answers the run's requests from there.
 * The same server, the same code (authorization-server.ts): only where it runs differs.
 *
 * The thread's side is server-thread-worker.ts; the counters (`stats`) are shared memory, so they
 * are as live here as in the thread.
 */
import { Worker } from 'node:worker_threads';
import { CliError, type ExitCode } from '../errors.js';
import type { AuthorizationServerOptions, RunningAuthorizationServer, ServerStats } from './authorization-server.js';

/** The counters, in the order of their slots in shared memory. */
export const STAT_NAMES = [
  'tokenRequests',
  'tokensIssued',
  'apiRequests',
  'apiUnauthorized',
] as const satisfies readonly (keyof ServerStats)[];

/** What the thread says: once started (or failed), and once closed. */
export type ThreadMessage =
  | { kind: 'started'; server: Omit<RunningAuthorizationServer, 'stats' | 'close'> }
  | { kind: 'failed'; error: { name: string; message: string; stack?: string; hint?: string; exitCode?: ExitCode } }
  | { kind: 'closed' };

export interface ThreadData {
  options: Omit<AuthorizationServerOptions, 'onTokenIssued'>;
  stats: SharedArrayBuffer;
}

/** Counters over shared memory: the thread writes them, this side reads them as they change. */
export function sharedStats(buffer: SharedArrayBuffer): ServerStats {
  const slots = new Int32Array(buffer);
  const stats = {} as ServerStats;
  STAT_NAMES.forEach((name, index) =>
    Object.defineProperty(stats, name, {
      enumerable: true,
      get: () => Atomics.load(slots, index),
      set: (value: number) => Atomics.store(slots, index, value),
    }),
  );
  return stats;
}

/**
 * Run from source (tsx), a worker could not load TypeScript: Node 20 does not hand the loader
 * hooks of `--import tsx` to worker threads. There the server starts in this thread instead.
 */
const fromSource = import.meta.url.endsWith('.ts');

/**
 * Starts the server in a worker thread. The thread is spawned before this returns its promise,
 * so whatever the caller does next overlaps with oidc-provider's import. `onTokenIssued` is not
 * available across threads.
 */
export function startAuthorizationServerThread(
  options: Omit<AuthorizationServerOptions, 'onTokenIssued'> = {},
): Promise<RunningAuthorizationServer> {
  if (fromSource) return import('./authorization-server.js').then((module) => module.startAuthorizationServer(options));
  const workerUrl = new URL('./server-thread-worker.js', import.meta.url);
  const buffer = new SharedArrayBuffer(STAT_NAMES.length * Int32Array.BYTES_PER_ELEMENT);
  const worker = new Worker(workerUrl, { workerData: { options, stats: buffer } satisfies ThreadData });
  // The thread lives for as long as the command needs the server, never longer than the process.
  worker.unref();
  let closing: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The local authorization server's thread stopped (exit code ${code}).`)));
    worker.once('message', (message: ThreadMessage) => {
      if (message.kind === 'failed') {
        void worker.terminate();
        reject(rebuildError(message.error));
        return;
      }
      if (message.kind !== 'started') return;
      resolve({
        ...message.server,
        stats: sharedStats(buffer),
        close() {
          closing ??= new Promise<void>((done) => {
            worker.on('message', (next: ThreadMessage) => next.kind === 'closed' && void worker.terminate());
            worker.postMessage('close');
            void exited.then(done);
          });
          return closing;
        },
      });
    });
  });
}

/** A CliError stays one (its message, fix and exit code); anything else keeps its name and stack. */
function rebuildError(error: Extract<ThreadMessage, { kind: 'failed' }>['error']): Error {
  if (error.name === 'CliError' || error.hint !== undefined || error.exitCode !== undefined) {
    return new CliError(error.message, { hint: error.hint, exitCode: error.exitCode });
  }
  return Object.assign(new Error(error.message), { name: error.name, stack: error.stack });
}
