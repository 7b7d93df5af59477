/**
 * The worker thread's side of server-thread.ts: starts the local authorization server, reports
 * where it listens (or why it could not), counts into shared memory, and closes on request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from '../errors.js';
import { startAuthorizationServer } from './authorization-server.js';
import { sharedStats, STAT_NAMES, type ThreadData, type ThreadMessage } from './server-thread.js';

const data = workerData as ThreadData;
const port = parentPort!;
const say = (message: ThreadMessage) => port.postMessage(message);

try {
  const { stats, close, ...server } = await startAuthorizationServer(data.options);
  // From here on the server counts into the shared slots (nothing ran since it started listening).
  const shared = sharedStats(data.stats);
  for (const name of STAT_NAMES) shared[name] = stats[name];
  Object.defineProperties(stats, Object.getOwnPropertyDescriptors(shared));
  port.once('message', () => {
    void close().then(() => say({ kind: 'closed' }));
  });
  say({ kind: 'started', server });
} catch (caught) {
  const error = caught instanceof Error ? caught : new Error(String(caught));
  say({
    kind: 'failed',
    error: {
      name: error.name,
      message: error.message,
      stack: error.stack,
      ...(error instanceof CliError ? { hint: error.hint, exitCode: error.exitCode } : {}),
    },
  });
}
