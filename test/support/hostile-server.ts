import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { pointAt } from './fixtures.js';
import { makeProject, runCli } from './project.js';

/**
 * A small OAuth 2.0 token endpoint and API on loopback that misbehave the way real servers do:
 * they echo the credentials they receive (in an error_description, a WWW-Authenticate header, an
 * HTML page), redirect the token request, trickle or flood the answer. Every request it receives
 * is recorded, so a test can tell where a secret went.
 */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type TokenEndpointBehaviour =
  | { kind: 'issue' }
  | { kind: 'redirect'; status: number; location: string }
  /** Sends the token response one byte every `intervalMs`. */
  | { kind: 'trickle'; intervalMs: number }
  /** Sends `bytes` of JSON-looking data (an endless string) before ever ending the object. */
  | { kind: 'flood'; bytes: number };

export interface HostileServer {
  origin: string;
  tokenUrl: string;
  apiBaseUrl: string;
  client: { clientId: string; clientSecret: string };
  /** Every access token the token endpoint issued. */
  issuedTokens: string[];
  received: ReceivedRequest[];
  /** Bytes of flood the token endpoint got to send before the client went away. */
  readonly floodSent: number;
  tokenEndpoint: TokenEndpointBehaviour;
  close(): Promise<void>;
}

export interface HostileServerOptions {
  clientId?: string;
  clientSecret?: string;
  /** expires_in of issued tokens. Default 3599. */
  tokenLifetimeSeconds?: number;
  tls?: { key: string; cert: string };
}

/** A token68 (RFC 6750 §2.1) with the characters that change under URL, JSON, HTML and base64 encoding. */
function newToken(): string {
  return `Tk.${randomBytes(12).toString('hex')}~+/${randomBytes(12).toString('hex')}=`;
}

export async function startHostileServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  const client = {
    clientId: options.clientId ?? 'hostile client',
    clientSecret: options.clientSecret ?? 'S3cr3t/with spaces+&"<json>\'=',
  };
  const issuedTokens: string[] = [];
  const received: ReceivedRequest[] = [];
  const state = { tokenEndpoint: { kind: 'issue' } as TokenEndpointBehaviour, floodSent: 0 };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const url = new URL(req.url ?? '/', 'http://server');
      if (url.pathname === '/as/token.oauth2') tokenEndpoint(req, res, url, body);
      else api(req, res, url.pathname);
    });
  };

  const tokenEndpoint = (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => {
    const behaviour = state.tokenEndpoint;
    if (behaviour.kind === 'redirect') {
      res.writeHead(behaviour.status, { location: behaviour.location, 'content-type': 'text/html' });
      res.end(`<a href="${behaviour.location}">moved</a>`);
      return;
    }
    if (behaviour.kind === 'flood') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":"');
      const chunk = 'A'.repeat(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < behaviour.bytes && !res.destroyed) {
          sent += chunk.length;
          state.floodSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        if (!res.destroyed) res.end('"}');
      };
      more();
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
    if (behaviour.kind === 'trickle') {
      res.writeHead(200, { 'content-type': 'application/json' });
      let at = 0;
      const timer = setInterval(() => {
        if (res.destroyed || at >= answer.length) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(answer[at]!);
        at += 1;
      }, behaviour.intervalMs);
      res.on('close', () => clearInterval(timer));
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
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    tokenUrl: `${origin}/as/token.oauth2`,
    apiBaseUrl: `${origin}/api`,
    client,
    issuedTokens,
    received,
    get floodSent() {
      return state.floodSent;
    },
    get tokenEndpoint() {
      return state.tokenEndpoint;
    },
    set tokenEndpoint(behaviour) {
      state.tokenEndpoint = behaviour;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
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
