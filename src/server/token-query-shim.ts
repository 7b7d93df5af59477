import type { IncomingMessage } from 'node:http';

/**
 * Compatibility layer: cloudsso's Postman example sends the token request as
 * `POST /as/token.oauth2?grant_type=client_credentials&client_id=...&client_secret=...` with an
 * empty body, which PingFederate accepts. oidc-provider reads POST parameters from the form body
 * only (lib/shared/assemble_params.js), so the query parameters are moved into the body here,
 * before oidc-provider sees the request; it then authenticates the client as usual, so a wrong
 * secret still gets its real 401 invalid_client.
 *
 * The body is not parsed here: oidc-provider's body parser (lib/shared/selective_body.js) reads the
 * request stream itself and, when an upstream parser consumed it already, falls back to `req.body`
 * with a console warning. Instead the query is pushed back in front of the still unread stream
 * (`Readable#unshift`) and Content-Length/Content-Type are adjusted. A form body is `a=1&b=2`, so
 * `<query>&<body>` is the merged form (an empty pair from a trailing `&` is ignored); a parameter
 * sent in both places arrives twice and oidc-provider rejects it, as RFC 6749 §3.2 says parameters
 * "MUST NOT be included more than once".
 *
 * Client authentication needs no help: for a client registered with client_secret_basic or
 * client_secret_post oidc-provider 8 accepts either (RFC 6749 §2.3.1), and it decodes the Basic
 * credentials as application/x-www-form-urlencoded, as §2.3.1 requires.
 */
export function moveQueryIntoFormBody(req: IncomingMessage, search: string): void {
  if (search.length <= 1) return;
  const contentType = req.headers['content-type'];
  // Any other body type is rejected by oidc-provider anyway; leave that error to it.
  if (contentType !== undefined && !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) return;

  const prefix = Buffer.from(`${search.slice(1)}&`, 'latin1'); // a URL's query is ASCII
  req.headers['content-type'] = contentType ?? 'application/x-www-form-urlencoded';
  const declaredLength = req.headers['content-length'];
  if (declaredLength !== undefined) {
    req.headers['content-length'] = String(Number(declaredLength) + prefix.length);
  } else if (req.headers['transfer-encoding'] === undefined) {
    // No body at all (RFC 9112 §6.3): the prefix becomes the whole body.
    req.headers['content-length'] = String(prefix.length);
  }
  req.unshift(prefix);
}
