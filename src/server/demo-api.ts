/**
 * The demo protected resource: the operations openapi/demo-api.yaml documents (demo-routes.ts),
 * and any other path under /api/ answers with what the access token grants.
 * Errors follow RFC 6750 §3 (WWW-Authenticate challenges).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { newNotebook, protectedRoute, publicRoute, type Note } from './demo-routes.js';
import { readBodyText } from './html-page.js';

export const API_PREFIX = '/api';

export function isApiPath(pathname: string): boolean {
  return pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`);
}

/** RFC 6750 §2.1: `Authorization: Bearer <b64token>`. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** A POST body far larger than any note (demo-routes.ts MAX_NOTE_LENGTH) is refused unread. */
const MAX_BODY_BYTES = 64 * 1024;

/** Each server (one provider each) keeps its own notes. */
const notebooks = new WeakMap<Provider, Note[]>();

/** Answers one API request; resolves to the status sent (401 without a valid token). */
export async function handleApiRequest(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<number> {
  const method = req.method ?? 'GET';
  const route = pathname.slice(API_PREFIX.length);
  const open = publicRoute(method, route);
  if (open) {
    sendJson(res, open.status, open.body);
    return open.status;
  }
  const header = req.headers.authorization;
  if (header === undefined || !/^Bearer(\s|$)/i.test(header)) {
    // §3.1: a request without credentials gets a challenge with no error code.
    sendJson(
      res,
      401,
      { message: 'This API requires an "Authorization: Bearer <access token>" header.' },
      { 'WWW-Authenticate': 'Bearer realm="api"' },
    );
    return 401;
  }

  const value = BEARER.exec(header)?.[1];
  const token =
    value === undefined
      ? undefined
      : ((await provider.ClientCredentials.find(value)) ?? (await provider.AccessToken.find(value)));
  // `find` still accepts a token up to `clockTolerance` (15 s) after it expired; we don't.
  if (token === undefined || token.isExpired) {
    const description = 'The access token expired or is unknown';
    sendJson(
      res,
      401,
      { error: 'invalid_token', error_description: description },
      { 'WWW-Authenticate': `Bearer realm="api", error="invalid_token", error_description="${description}"` },
    );
    return 401;
  }

  if (!notebooks.has(provider)) notebooks.set(provider, newNotebook());
  const body = method === 'POST' ? await readBodyText(req, MAX_BODY_BYTES) : undefined;
  const answer = protectedRoute(notebooks.get(provider)!, { method, path: route, body, clientId: token.clientId ?? '' });
  if (answer) {
    sendJson(res, answer.status, answer.body);
    return answer.status;
  }
  sendJson(res, 200, {
    client_id: token.clientId,
    scope: token.scope ?? null,
    expires_at: token.exp,
    path: pathname,
  });
  return 200;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    // The answer depends on the Authorization header: no cache may keep or reuse it.
    'Cache-Control': 'no-store',
  });
  res.end(json);
}
