import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * Small purpose-built servers on loopback that misbehave the way a token endpoint (or something
 * posing as one) can: redirect the secret elsewhere, trickle, send without end, hang up mid-answer.
 */

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Records every request it gets: the target of a redirect, which must never see one. */
export interface Collector {
  origin: string;
  /** The access token it hands out (long enough that the CLI masks it to its first and last 4 characters). */
  token: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface HostileServer {
  origin: string;
  /** `${origin}${path}` for one of the behaviours below. */
  url(behaviour: Behaviour, query?: Record<string, string>): string;
  /** Bytes of body the server managed to hand to the socket, per behaviour. */
  bytesSent: Map<Behaviour, number>;
  /** Requests that arrived, per behaviour. */
  hits: Map<Behaviour, number>;
  close(): Promise<void>;
}

export type Behaviour = 'redirect' | 'trickle' | 'endless' | 'reset' | 'huge-declared';

const listen = async (server: Server): Promise<string> => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const closing = (server: Server) => () => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
};

export async function startCollector(): Promise<Collector> {
  const requests: RecordedRequest[] = [];
  const token = `collected-${randomBytes(16).toString('hex')}`;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    });
  });
  return { origin: await listen(server), token, requests, close: closing(server) };
}

/**
 * - redirect?to=URL&status=302: a redirect (any 3xx) to another address;
 * - trickle: a 200 whose JSON body arrives one byte every 500 ms, for ever;
 * - endless: a 200 streaming JSON-looking bytes without end (no Content-Length);
 * - huge-declared: a 200 announcing 50 MB, and sending them;
 * - reset: a 200 announcing 1000 bytes that hangs up after 30 of them.
 */
export async function startHostileServer(): Promise<HostileServer> {
  const bytesSent = new Map<Behaviour, number>();
  const hits = new Map<Behaviour, number>();
  const timers = new Set<NodeJS.Timeout>();
  const count = (behaviour: Behaviour, bytes: number) => bytesSent.set(behaviour, (bytesSent.get(behaviour) ?? 0) + bytes);

  const stream = (behaviour: Behaviour, res: ServerResponse, total: number) => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        count(behaviour, chunk.length);
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    res.write('{"access_token":"');
    pump();
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const behaviour = url.pathname.slice(1) as Behaviour;
    hits.set(behaviour, (hits.get(behaviour) ?? 0) + 1);
    req.resume();
    switch (behaviour) {
      case 'redirect':
        res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('to') ?? '/' });
        res.end();
        return;
      case 'trickle': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const body = '{"access_token":"never-finished","token_type":"Bearer"'.split('');
        const timer = setInterval(() => {
          if (res.destroyed) return clearInterval(timer);
          res.write(body.shift() ?? ' ');
          count('trickle', 1);
        }, 500);
        timers.add(timer);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'endless':
        res.writeHead(200, { 'content-type': 'application/json' });
        stream('endless', res, Infinity);
        return;
      case 'huge-declared':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
        stream('huge-declared', res, 50 * 1024 * 1024);
        return;
      case 'reset':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"access_token":"cut-off-in-the-middle",');
        count('reset', 30);
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      default:
        res.writeHead(404).end();
    }
  };
  const server = createServer(handler);
  const origin = await listen(server);
  const close = closing(server);
  return {
    origin,
    url: (behaviour, query) => `${origin}/${behaviour}${query ? `?${new URLSearchParams(query)}` : ''}`,
    bytesSent,
    hits,
    close: () => {
      for (const timer of timers) clearInterval(timer);
      return close();
    },
  };
}
