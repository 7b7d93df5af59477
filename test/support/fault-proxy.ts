import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { listenOnLoopback } from './loopback.js';

/**
 * A loopback reverse proxy in front of the real local authorization server that injects faults
 * on request: a failing or malformed token endpoint, a slow answer, a dead upstream. Everything
 * not told to fail is forwarded untouched, so the real server still does the OAuth work.
 */
export interface Fault {
  /** Answer with this instead of forwarding. */
  respond?: { status: number; headers?: Record<string, string>; body: string };
  /** Forward, then rewrite the JSON body of the real answer. */
  rewriteJson?: (body: Record<string, unknown>) => Record<string, unknown>;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface FaultProxy {
  origin: string;
  tokenUrl: string;
  apiBaseUrl: string;
  /** Requests that reached the proxy, by path. */
  hits: Map<string, number>;
  /** Apply `fault` to the next `times` requests whose path starts with `pathPrefix` (Infinity: all). */
  inject(pathPrefix: string, fault: Fault, times?: number): void;
  clear(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(upstreamOrigin: string, tls?: { key: string; cert: string }): Promise<FaultProxy> {
  const faults: { pathPrefix: string; fault: Fault; remaining: number }[] = [];
  const hits = new Map<string, number>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const planned = faults.find((entry) => path.startsWith(entry.pathPrefix) && entry.remaining > 0);
    if (planned) planned.remaining -= 1;
    const fault = planned?.fault ?? {};
    setTimeout(() => forward(req, res, fault), fault.delayMs ?? 0);
  };
  const forward = (req: IncomingMessage, res: ServerResponse, fault: Fault) => {
    if (res.destroyed) return;
    if (fault.respond) {
      req.resume();
      res.writeHead(fault.respond.status, fault.respond.headers ?? {});
      res.end(fault.respond.body);
      return;
    }
    const upstream = new URL(req.url ?? '/', upstreamOrigin);
    const proxied = httpRequest(upstream, { method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      if (!fault.rewriteJson) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = JSON.stringify(fault.rewriteJson!(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(body);
      });
    });
    proxied.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    req.pipe(proxied);
  };
  const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler) : createServer(handler);
  const { origin, close } = await listenOnLoopback(server, tls ? 'https' : 'http');
  return {
    origin,
    tokenUrl: `${origin}/as/token.oauth2`,
    apiBaseUrl: `${origin}/api`,
    hits,
    inject(pathPrefix, fault, times = 1) {
      faults.push({ pathPrefix, fault, remaining: times });
    },
    clear() {
      faults.length = 0;
    },
    close,
  };
}
