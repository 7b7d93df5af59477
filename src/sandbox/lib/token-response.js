/*
 * Reads a token endpoint response. Prepended by the generator to the scripts that receive one.
 * Successful response: RFC 6749 §5.1; error response: RFC 6749 §5.2; token type: §7.1.
 * Messages never contain the token or the secret: they end up in Newman's output and reports.
 */

/** Assumed when the server omits expires_in (RFC 6749 §5.1 makes it RECOMMENDED, not required). */
var TOKEN_DEFAULT_LIFETIME_SECONDS = 3600;

var OAUTH_ERROR_HINTS = {
  invalid_client: 'the client id or secret is wrong, or clientAuth does not match how the application authenticates',
  unauthorized_client: 'the client_credentials grant is not enabled for this application',
  invalid_scope: 'the scope is unknown or not allowed for this application',
  unsupported_grant_type: 'the server does not support client_credentials here; check tokenUrl',
  invalid_request: 'a parameter is missing or repeated; check clientAuth and scope',
  invalid_grant: 'the grant was refused',
};

/**
 * @returns {{ token?: {accessToken: string, tokenType: string, expiresInSeconds: number},
 *   failure?: string, oauthError?: {error: string, errorDescription?: string, hint?: string}, notes: string[] }}
 */
function readTokenResponse(status, contentType, text) {
  var notes = [];
  var body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    var excerpt = String(text || '')
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80);
    return {
      notes: notes,
      failure:
        'The token endpoint answered ' +
        status +
        ' with ' +
        (contentType || 'no content type') +
        ', not JSON' +
        (excerpt ? ' ("' + excerpt + '")' : '') +
        '. Check tokenUrl: it must be the token endpoint itself.',
    };
  }
  if (typeof body !== 'object' || body === null) {
    return { notes: notes, failure: 'The token endpoint answered ' + status + ' with JSON that is not an object.' };
  }
  if (status !== 200 || typeof body.error === 'string') {
    var error = typeof body.error === 'string' ? body.error : 'no OAuth error code';
    var description = typeof body.error_description === 'string' ? ' (' + body.error_description + ')' : '';
    var hint = OAUTH_ERROR_HINTS[error];
    return {
      notes: notes,
      failure: 'The token endpoint answered ' + status + ' ' + error + description + (hint ? ': ' + hint + '.' : '.'),
      oauthError: { error: error, errorDescription: body.error_description, hint: hint },
    };
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    return { notes: notes, failure: 'The token response has no access_token.' };
  }
  if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer') {
    return {
      notes: notes,
      failure: 'The token response has token_type "' + body.token_type + '"; only Bearer tokens are supported (RFC 6749 §7.1).',
    };
  }
  var lifetime = body.expires_in;
  if (lifetime === undefined || lifetime === null) {
    lifetime = TOKEN_DEFAULT_LIFETIME_SECONDS;
    notes.push('The token response has no expires_in; assuming ' + TOKEN_DEFAULT_LIFETIME_SECONDS + ' s.');
  } else if (typeof lifetime === 'string' && /^\s*-?\d+\s*$/.test(lifetime)) {
    notes.push(
      'The token response gives expires_in as a string ("' + lifetime + '"); RFC 6749 §5.1 says a number. Using it anyway.',
    );
    lifetime = Number(lifetime);
  }
  if (typeof lifetime !== 'number' || !isFinite(lifetime)) {
    return {
      notes: notes,
      failure: 'The token response has expires_in "' + body.expires_in + '", which is not a number of seconds.',
    };
  }
  if (lifetime <= 0) {
    notes.push('The token response has expires_in ' + lifetime + '; the token is used for this request only.');
    lifetime = 0;
  }
  return {
    notes: notes,
    token: { accessToken: body.access_token, tokenType: body.token_type, expiresInSeconds: Math.floor(lifetime) },
  };
}

/**
 * What to do about an error from pm.sendRequest (no HTTP response at all). The sandbox passes
 * the error's message; its code is part of that message.
 */
function describeTokenNetworkError(error, tokenUrl) {
  var message = String((error && (error.code || error.message)) || error);
  if (error && error.message && message !== error.message) message += ' ' + error.message;
  var cause = 'Could not reach the token endpoint ' + tokenUrl + ' (' + message + ')';
  if (/ETIMEDOUT|ESOCKETTIMEDOUT|timeout/i.test(message)) {
    return cause + ': no answer within the request timeout. Raise --timeout-request, or check the network and proxy.';
  }
  if (/ECONNREFUSED/.test(message)) return cause + ': nothing listens there. Check tokenUrl and that the server is up.';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return cause + ': unknown host. Check tokenUrl, VPN and DNS.';
  if (/certificate|CERT_|self.signed/i.test(message)) {
    return cause + ': its TLS certificate is not trusted. Behind a TLS-inspecting proxy, pass its CA with --ssl-extra-ca-certs.';
  }
  return cause + '.';
}
