// @ts-check
/**
 * The members of a token response, wherever they came from: a token endpoint's JSON body (RFC 6749
 * §5.1) or the implicit grant's fragment (§4.2.2, where every value is a string). Each member is a
 * check of its own, so that a response with two problems names both.
 * @type {import('../library.js').SandboxLibrary['readTokenFields']}
 */
function readTokenFields(fields, origin) {
  var accessToken = typeof fields.access_token === 'string' ? fields.access_token : '';
  var tokenType = typeof fields.token_type === 'string' && fields.token_type.toLowerCase() === 'bearer' ? fields.token_type : '';
  var lifetime = readLifetime(fields.expires_in, origin);
  var checks = [
    {
      name: 'access_token is a non-empty string',
      failure: accessToken ? undefined : 'The token response has no access_token.',
    },
    {
      name: 'token_type is Bearer (case-insensitive, RFC 6749 §7.1)',
      failure: tokenType
        ? undefined
        : 'The token response has ' +
          (fields.token_type === undefined ? 'no token_type' : 'token_type "' + String(fields.token_type) + '"') +
          '; only Bearer tokens are supported (RFC 6749 §7.1).',
    },
    { name: 'expires_in gives the token lifetime in seconds (RFC 6749 §5.1)', failure: lifetime.failure },
  ];
  if (accessToken && tokenType && lifetime.failure === undefined) {
    /** @type {import('../library.js').AcceptedToken} */
    var token = { accessToken: accessToken, tokenType: tokenType, expiresInSeconds: lifetime.seconds };
    if (typeof fields.scope === 'string') token.scope = fields.scope;
    return { token: token, notes: lifetime.notes, checks: checks };
  }
  var message = checks
    .map(function (check) {
      return check.failure;
    })
    .filter(Boolean)
    .join(' ');
  var fix = "Ask the token server's administrators: the response is not a usable bearer token.";
  return {
    failure: { kind: 'not-a-token', message: message, fix: fix, text: message + ' Fix: ' + fix },
    notes: [],
    checks: checks,
  };
}
