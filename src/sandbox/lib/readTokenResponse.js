// @ts-check
/**
 * The one reader of a token endpoint's answer: the collection's refresh, the Token folder's tests
 * and, in Node, the CLI's clients all read a response with it. Success: RFC 6749 §5.1; error:
 * §5.2. It takes what every HTTP client has (status, headers, body text) and follows nothing: a
 * redirect is refused here, since the request it answers carries the client secret. Messages never
 * contain the token or the secret: they end up in Newman's output and reports.
 * @type {import('../library.js').SandboxLibrary['readTokenResponse']}
 */
function readTokenResponse(response) {
  var status = response.status;
  /**
   * @param {import('../library.js').TokenFailure} failure
   * @param {boolean} answered200 - the status was right, the body is what failed
   * @returns {import('../library.js').TokenResponseReading}
   */
  var refuse = function (failure, answered200) {
    var checks = [{ name: 'Token endpoint answers 200', failure: answered200 ? undefined : failure.text }];
    if (answered200) checks.push({ name: 'Token response is JSON', failure: failure.text });
    return { failure: failure, notes: [], checks: checks };
  };

  if (status === undefined || status === null) {
    var unanswered = describeNoResponse(response.error, response.tokenUrl);
    return refuse(tokenFailure(unanswered.kind, unanswered.message, unanswered.fix), false);
  }
  // RFC 6749 §3.2: the client secret goes to the token endpoint, so a redirect is not followed.
  if ([301, 302, 303, 307, 308].indexOf(status) >= 0) {
    var location = response.header('Location');
    var target = location ? describeUrl(location) : 'nowhere (no Location header)';
    var redirect = tokenFailure(
      'redirect',
      'The token endpoint ' +
        describeUrl(response.tokenUrl) +
        ' answered ' +
        status +
        ' with a redirect to ' +
        target +
        '.' +
        ' Not followed: the token request carries the client secret, which goes to tokenUrl only.',
      location
        ? 'If ' +
            target +
            " is the token endpoint, set tokenUrl (OAUTH_TOKEN_URL) to it; if not, ask the server's administrators why it redirects."
        : "Ask the server's administrators why the token endpoint redirects.",
    );
    if (location) redirect.location = location;
    return refuse(redirect, false);
  }

  /** @type {unknown} */
  var body;
  try {
    body = JSON.parse(response.text);
  } catch (e) {
    body = undefined;
  }
  var members =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? /** @type {Record<string, unknown>} */ (body) : null;
  if (members && typeof members.error === 'string') {
    return refuse(describeOAuthError(status, members.error, members.error_description), status === 200);
  }
  if (status === 401) {
    // RFC 6750 §3: a Bearer challenge comes from a protected resource, not from a token endpoint.
    var scheme = String(response.header('WWW-Authenticate') || '').split(/[\s,]/)[0] || '';
    return refuse(
      tokenFailure(
        'unauthorized',
        'The token endpoint ' +
          describeUrl(response.tokenUrl) +
          ' answered 401 without an OAuth error' +
          (scheme ? ' (WWW-Authenticate: ' + scheme + ').' : '.'),
        /^bearer$/i.test(scheme)
          ? 'tokenUrl points at an API that wants a bearer token, not at the token endpoint: set OAUTH_TOKEN_URL to the token endpoint (PingFederate: …/as/token.oauth2).'
          : 'Check that tokenUrl is the token endpoint itself (PingFederate: …/as/token.oauth2), then clientId, clientSecret and clientAuth.',
      ),
      false,
    );
  }
  if (!members) {
    var excerpt = response.text
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80);
    var shape =
      body === undefined
        ? ' with ' +
          (response.header('Content-Type') || 'no content type') +
          ', not JSON' +
          (excerpt ? ' ("' + excerpt + '")' : '')
        : ' with JSON that is not an object';
    return refuse(
      tokenFailure(
        'not-json',
        'The token endpoint answered ' + status + shape + '.',
        'Check tokenUrl: it must be the token endpoint itself.',
      ),
      status === 200,
    );
  }
  if (status !== 200) {
    return refuse(
      tokenFailure(
        'http-status',
        'The token endpoint answered ' + status + ' without an OAuth error code (RFC 6749 §5.2).',
        "Check tokenUrl and the server's status.",
      ),
      false,
    );
  }
  var reading = readTokenFields(members, 'json');
  reading.checks.unshift({ name: 'Token endpoint answers 200' }, { name: 'Token response is JSON' });
  return reading;
}
