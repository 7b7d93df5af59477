/**
 * PingFederate-compatible implicit grant (RFC 6749 §4.2) on top of oidc-provider, which refuses a
 * bare `response_type=token`. A GET to the authorization endpoint with `response_type=token` is
 * validated here (client, registered redirect URI), then run through oidc-provider's real
 * authorization, login and consent as an authorization code request with PKCE (RFC 7636) towards
 * an internal callback. That callback redeems the code at the real token endpoint and sends the
 * browser to the client's redirect URI with the token in the fragment (RFC 6749 §4.2.2), or the
 * error (§4.2.2.1). The token is a real provider access token, accepted by the demo API.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { escapeHtml, redirect, renderPage, sendHtml } from './html-page.js';

export const IMPLICIT_CALLBACK_PATH = '/as/implicit/callback';

/** How long a browser may take from the authorization request to the consent answer. */
const PENDING_LIFETIME_MS = 10 * 60 * 1000;

interface PendingRequest {
  clientId: string;
  redirectUri: string;
  state: string | null;
  codeVerifier: string;
  expiresAt: number;
}

export interface ImplicitEndpoint {
  /** GET /as/authorization.oauth2?response_type=token&... */
  authorize(res: ServerResponse, params: URLSearchParams): Promise<void>;
  /** GET /as/implicit/callback?code=...|error=... */
  callback(res: ServerResponse, params: URLSearchParams): Promise<void>;
}

/** Whether this request is for the implicit endpoint rather than oidc-provider itself. */
export function isImplicitRequest(req: IncomingMessage, params: URLSearchParams): boolean {
  return req.method === 'GET' && params.get('response_type') === 'token';
}

export function createImplicitEndpoint(
  provider: Provider,
  urls: { origin: string; authorization: string; token: string },
): ImplicitEndpoint {
  const callbackUri = `${urls.origin}${IMPLICIT_CALLBACK_PATH}`;
  const pending = new Map<string, PendingRequest>();
  const forgetExpired = () => {
    const now = Date.now();
    for (const [key, entry] of pending) if (entry.expiresAt <= now) pending.delete(key);
  };

  return {
    async authorize(res, params) {
      const clientId = params.get('client_id');
      const client = clientId ? await provider.Client.find(clientId) : undefined;
      if (!clientId || !client) {
        sendHtml(res, 400, errorPage('Unknown client', `There is no client with id <code>${escapeHtml(clientId ?? '')}</code>.`));
        return;
      }
      const redirectUri = params.get('redirect_uri');
      // §4.2.2.1 / §10.15: never redirect to a URI that is not registered for this client.
      if (!redirectUri || redirectUri === callbackUri || !client.redirectUriAllowed(redirectUri)) {
        sendHtml(
          res,
          400,
          errorPage(
            'redirect_uri mismatch',
            `The redirect URI <code>${escapeHtml(redirectUri ?? '(none)')}</code> is not registered for client <code>${escapeHtml(clientId)}</code>. Register it with the application, or use one that is.`,
          ),
        );
        return;
      }
      const state = params.get('state');
      // A client set up for the implicit endpoint has the internal callback registered.
      if (!client.redirectUriAllowed(callbackUri)) {
        redirect(
          res,
          fragmentUri(redirectUri, {
            error: 'unauthorized_client',
            error_description: 'This client may not use the implicit grant.',
            state,
          }),
        );
        return;
      }
      forgetExpired();
      const internalState = randomBytes(24).toString('base64url');
      const codeVerifier = randomBytes(32).toString('base64url');
      pending.set(internalState, { clientId, redirectUri, state, codeVerifier, expiresAt: Date.now() + PENDING_LIFETIME_MS });
      const code = new URLSearchParams({
        client_id: clientId,
        response_type: 'code',
        redirect_uri: callbackUri,
        state: internalState,
        code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
        code_challenge_method: 'S256',
      });
      const scope = params.get('scope');
      if (scope) code.set('scope', scope);
      redirect(res, `${urls.authorization}?${code}`);
    },

    async callback(res, params) {
      const key = params.get('state') ?? '';
      const request = pending.get(key);
      pending.delete(key);
      if (!request || request.expiresAt <= Date.now()) {
        sendHtml(
          res,
          400,
          errorPage('Sign-in expired', 'This sign-in is unknown or has expired. Start again from your application.'),
        );
        return;
      }
      const error = params.get('error');
      if (error) {
        redirect(
          res,
          fragmentUri(request.redirectUri, { error, error_description: params.get('error_description'), state: request.state }),
        );
        return;
      }
      const token = await redeem(urls.token, { code: params.get('code') ?? '', callbackUri, request });
      redirect(
        res,
        fragmentUri(
          request.redirectUri,
          token.ok
            ? {
                access_token: token.body.access_token,
                token_type: token.body.token_type,
                expires_in: String(token.body.expires_in),
                scope: token.body.scope,
                state: request.state,
              }
            : { error: 'server_error', error_description: 'The authorization code could not be redeemed.', state: request.state },
        ),
      );
    },
  };
}

/** The real token endpoint, over HTTP, exactly as a public client redeems a code (RFC 7636 §4.5). */
async function redeem(
  tokenUrl: string,
  { code, callbackUri, request }: { code: string; callbackUri: string; request: PendingRequest },
): Promise<{ ok: true; body: { access_token: string; token_type: string; expires_in: number; scope?: string } } | { ok: false }> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: callbackUri,
      client_id: request.clientId,
      code_verifier: request.codeVerifier,
    }),
  });
  const body = (await response.json().catch(() => undefined)) as { access_token?: unknown } | undefined;
  if (!response.ok || typeof body?.access_token !== 'string') return { ok: false };
  return { ok: true, body: body as { access_token: string; token_type: string; expires_in: number; scope?: string } };
}

/** RFC 6749 §4.2.2: the response parameters go in the fragment, form-encoded. */
function fragmentUri(redirectUri: string, fields: Record<string, string | null | undefined>): string {
  const fragment = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value) fragment.set(name, value);
  return `${redirectUri.split('#')[0]}#${fragment}`;
}

function errorPage(title: string, html: string): string {
  return renderPage(title, `<p class="error">${html}</p>`);
}
