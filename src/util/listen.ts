/**
 * Listening on a port the user chose (`serve --port`, the port of a redirect URI). Why it failed
 * is explained here, once, in terms a user can act on: a port another program holds, a port
 * below 1024 that needs administrator rights, an address this machine does not have.
 */
import type { Server } from 'node:net';
import { CliError } from '../errors.js';

export interface ListenAdvice {
  /** What the port is for: "Cannot listen on 127.0.0.1:4010 for <purpose>: ...". */
  purpose: string;
  /** How to use another port; the fix when the port is taken or not allowed. */
  otherPort: string;
  /** How to use another address; the fix when the address is not this machine's. */
  otherAddress: string;
  /** Said after "port 80 needs administrator rights", e.g. where that port came from. */
  privilegedPortNote?: string;
}

/** A listen that failed for a reason the user can fix. `code` is the system's (EADDRINUSE, ...). */
export class ListenError extends CliError {
  readonly code: string;

  constructor(message: string, hint: string, cause: NodeJS.ErrnoException) {
    super(message, { hint, cause });
    this.name = 'ListenError';
    this.code = cause.code ?? '';
  }
}

/** Resolves once `server` listens on host:port; rejects with a ListenError where the user can fix the cause. */
export function listen(server: Server, host: string, port: number, advice: ListenAdvice): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(listenError(error, host, port, advice));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number, advice: ListenAdvice): Error {
  const where = `Cannot listen on ${host.includes(':') ? `[${host}]` : host}:${port} for ${advice.purpose}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new ListenError(`${where}: another program uses port ${port}.`, `Stop that program, or: ${advice.otherPort}`, error);
    case 'EACCES':
      // Ports below 1024 are privileged (on Linux unless net.ipv4.ip_unprivileged_port_start says otherwise).
      return port < 1024
        ? new ListenError(
            `${where}: port ${port} needs administrator rights${advice.privilegedPortNote ?? ''}.`,
            advice.otherPort,
            error,
          )
        : new ListenError(`${where}: the system does not allow this program to use port ${port}.`, advice.otherPort, error);
    case 'EADDRNOTAVAIL':
      return new ListenError(`${where}: ${host} is not an address of this machine.`, advice.otherAddress, error);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ListenError(`${where}: the host name ${host} does not resolve.`, advice.otherAddress, error);
    default:
      return error;
  }
}
