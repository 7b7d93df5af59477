import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { pointAt } from './fixtures.js';
import { listenOnLoopback } from './loopback.js';
import { makeProject, runCli } from './project.js';

/**
 * A small OAuth 2.0 token endpoint and API on loopback that misbehave the way real servers (or
 * something posing as one) do: they echo the credentials they receive (in an error_description, a
 * WWW-Authenticate header, an HTML page), redirect the token request, trickle, flood or hang up
 * mid-answer. Every request it receives is recorded, so a test can tell where a secret went; a
 * second one, which must receive nothing, is the target of a redirect.
 */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How an answer misbehaves. */
export type Fault =
  | { kind: 'redirect'; status: number; location: string }
  /** Sends the answer one byte every `intervalMs`. */
  | { kind: 'trickle'; intervalMs: number }
  /** Sends `bytes` of JSON-looking data (an endless string) before ever ending the object; `declared` announces them in Content-Length. */
  | { kind: 'flood'; bytes: number; declared?: boolean }
  /** Announces 1000 bytes and hangs up after the first 40. */
  | { kind: 'reset' };

export type TokenEndpointBehaviour = { kind: 'issue' } | Fault;

const FAULT_ADDRESSES = ['redirect', 'trickle', 'endless', 'huge-declared', 'reset'] as const;
/**
 * Addresses that always misbehave, whatever credentials come (`url(name)`):
 * - redirect?to=URL&status=302: a redirect (any 3xx) to another address;
 * - trickle: an unfinished JSON body, one byte every 500 ms;
 * - endless: JSON-looking bytes without end (no Content-Length);
 * - huge-declared: announces 50 MB, and sends them;
 * - reset: hangs up in the middle of the body.
 */
export type FaultAddress = (typeof FAULT_ADDRESSES)[number];
const isFaultAddress = (name: string): name is FaultAddress => (FAULT_ADDRESSES as readonly string[]).includes(name);

function faultAt(name: FaultAddress, query: URLSearchParams): Fault {
  switch (name) {
    case 'redirect':
      return { kind: 'redirect', status: Number(query.get('status') ?? 302), location: query.get('to') ?? '/' };
    case 'trickle':
      return { kind: 'trickle', intervalMs: 500 };
    case 'endless':
      return { kind: 'flood', bytes: Infinity };
    case 'huge-declared':
      return { kind: 'flood', bytes: 50 * 1024 * 1024, declared: true };
    case 'reset':
      return { kind: 'reset' };
  }
}

export interface HostileServer {
  origin: string;
  tokenUrl: string;
  apiBaseUrl: string;
  client: { clientId: string; clientSecret: string };
  /** Every access token the token endpoint issued. */
  issuedTokens: string[];
  received: ReceivedRequest[];
  /** What the token endpoint (/as/token.oauth2) does; a test sets it. */
  tokenEndpoint: TokenEndpointBehaviour;
  /** `${origin}/${name}`: an address that always misbehaves (see FaultAddress). */
  url(name: FaultAddress, query?: Record<string, string>): string;
  /** Bytes of a misbehaving body the server got to hand to the socket before the client went away, by path. */
  bytesSent(path: string): number;
  close(): Promise<void>;
}

export interface HostileServerOptions {
  clientId?: string;
  clientSecret?: string;
  /** expires_in of issued tokens. Default 3599. */
  tokenLifetimeSeconds?: number;
  tls?: { key: string; cert: string };
}

/** Bytes that never occur in UTF-8, around /api/echo-binary's answer. */
const BINARY_FRAME = Buffer.from([0xff, 0xfe]);

/** A token68 (RFC 6750 §2.1) with the characters that change under URL, JSON, HTML and base64 encoding. */
function newToken(): string {
  return `Tk.${randomBytes(12).toString('hex')}~+/${randomBytes(12).toString('hex')}=`;
}

/** Answers `body` the way `fault` says, counting the bytes handed to the socket. */
function misbehave(res: ServerResponse, fault: Fault, body: string, count: (bytes: number) => void): void {
  switch (fault.kind) {
    case 'redirect':
      res.writeHead(fault.status, { location: fault.location, 'content-type': 'text/html' });
      res.end(`<a href="${fault.location}">moved</a>`);
      return;
    case 'trickle': {
      res.writeHead(200, { 'content-type': 'application/json' });
      let at = 0;
      const timer = setInterval(() => {
        if (res.destroyed || at >= body.length) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(body[at]!);
        count(1);
        at += 1;
      }, fault.intervalMs);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'flood': {
      const [opening, closing] = ['{"access_token":"', '"}'];
      const length = fault.declared ? { 'content-length': String(opening.length + fault.bytes + closing.length) } : {};
      res.writeHead(200, { 'content-type': 'application/json', ...length });
      res.write(opening);
      const chunk = 'A'.repeat(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < fault.bytes && !res.destroyed) {
          const piece = chunk.slice(0, Math.min(chunk.length, fault.bytes - sent));
          sent += piece.length;
          count(piece.length);
          if (!res.write(piece)) return void res.once('drain', more);
        }
        if (!res.destroyed) res.end(closing);
      };
      more();
      return;
    }
    case 'reset': {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write(body.slice(0, 40));
      count(40);
      const timer = setTimeout(() => res.socket?.destroy(), 50);
      res.on('close', () => clearTimeout(timer));
      return;
    }
  }
}

export async function startHostileServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  const client = {
    clientId: options.clientId ?? 'hostile client',
    clientSecret: options.clientSecret ?? 'S3cr3t/with spaces+&"<json>\'=',
  };
  const issuedTokens: string[] = [];
  const received: ReceivedRequest[] = [];
  const sent = new Map<string, number>();
  const counter = (path: string) => (bytes: number) => sent.set(path, (sent.get(path) ?? 0) + bytes);
  const state = { tokenEndpoint: { kind: 'issue' } as TokenEndpointBehaviour };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const url = new URL(req.url ?? '/', 'http://server');
      const name = url.pathname.slice(1);
      if (url.pathname === '/as/token.oauth2') tokenEndpoint(req, res, url, body);
      else if (isFaultAddress(name)) {
        const unfinished = '{"access_token":"never-finished","token_type":"Bearer"';
        misbehave(res, faultAt(name, url.searchParams), unfinished, counter(url.pathname));
      } else api(req, res, url.pathname);
    });
  };

  const tokenEndpoint = (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => {
    const behaviour = state.tokenEndpoint;
    if (behaviour.kind === 'redirect' || behaviour.kind === 'flood') {
      misbehave(res, behaviour, '', counter(url.pathname));
      return;
    }
    const form = new URLSearchParams(body);
    const basic = /^Basic\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1];
    let [id, secret] = [
      form.get('client_id') ?? url.searchParams.get('client_id'),
      form.get('client_secret') ?? url.searchParams.get('client_secret'),
    ];
    if (basic) {
      // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined.
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
      [id, secret] = [formDecode(decoded.slice(0, colon)), formDecode(decoded.slice(colon + 1))];
    }
    if (id !== client.clientId || secret !== client.clientSecret) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="token"' });
      res.end(JSON.stringify({ error: 'invalid_client', error_description: `client ${id} with secret ${secret} is unknown` }));
      return;
    }
    const token = newToken();
    issuedTokens.push(token);
    const answer = JSON.stringify({
      access_token: token,
      token_type: 'Bearer',
      expires_in: options.tokenLifetimeSeconds ?? 3599,
    });
    if (behaviour.kind !== 'issue') {
      misbehave(res, behaviour, answer, counter(url.pathname));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(answer);
  };

  const api = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const token = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (path === '/api/moved') {
      res.writeHead(302, { location: '/api/me' });
      res.end();
    } else if (path === '/api/echo-page') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body><h1>Hello</h1><p>You sent the token ${token}.</p></body></html>`);
    } else if (path === '/api/echo-binary') {
      // Not UTF-8 (0xff, 0xfe never occur in it): the token and the client secret in base64, inside bytes.
      const base64 = (value: string) => Buffer.from(value).toString('base64');
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.concat([BINARY_FRAME, Buffer.from(`${base64(token)}\0${base64(client.clientSecret)}`), BINARY_FRAME]));
    } else if (path === '/api/echo-challenge') {
      res.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer error="invalid_token", error_description="the token ${token} is revoked"`,
      });
      res.end(JSON.stringify({ error: 'invalid_token', token }));
    } else {
      const known = issuedTokens.includes(token);
      res.writeHead(known ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(known ? { client_id: client.clientId, path } : { error: 'invalid_token' }));
    }
  };

  const server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
  const { origin, close } = await listenOnLoopback(server, options.tls ? 'https' : 'http');
  return {
    origin,
    tokenUrl: `${origin}/as/token.oauth2`,
    apiBaseUrl: `${origin}/api`,
    client,
    issuedTokens,
    received,
    get tokenEndpoint() {
      return state.tokenEndpoint;
    },
    set tokenEndpoint(behaviour) {
      state.tokenEndpoint = behaviour;
    },
    url: (name, query) => `${origin}/${name}${query ? `?${new URLSearchParams(query)}` : ''}`,
    bytesSent: (path) => sent.get(path) ?? 0,
    close,
  };
}

/**
 * For one test file: a copy of the project, with `requests` added to its config and the collection
 * generated again, and one hostile server; `env()` points `--env prod` at it.
 */
export function useHostileProject(options: { requests?: object[]; server?: HostileServerOptions } = {}) {
  const state = {} as { project: { dir: string; remove: () => Promise<void> }; server: HostileServer };
  before(async () => {
    state.project = await projectWithRequests(options.requests ?? []);
    state.server = await startHostileServer(options.server);
  });
  after(async () => {
    await state.server.close();
    await state.project.remove();
  });
  return {
    get project() {
      return state.project;
    },
    get server() {
      return state.server;
    },
    env: (extra: Record<string, string> = {}) => pointAt(state.server, state.server.client, extra),
  };
}

/** A copy of the project whose config declares `requests` besides its own, generated. */
export async function projectWithRequests(requests: object[]): Promise<{ dir: string; remove: () => Promise<void> }> {
  const project = await makeProject();
  if (requests.length === 0) return project;
  const configFile = join(project.dir, 'oauth-postman.config.json');
  const config = JSON.parse(await readFile(configFile, 'utf8')) as { requests: object[] };
  config.requests.push(...requests);
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const generated = await runCli(['generate'], { cwd: project.dir });
  assert.equal(generated.code, 0, generated.output);
  return project;
}
