/* global readTokenResponse, readRefreshSkew, storeToken, clearToken */
/*
 * Tests of the token request (RFC 6749 §5.1) and, when they pass, the same bookkeeping as the
 * automatic refresh so that the requests after this one reuse the token.
 * Assertion messages never contain the token: they are printed and written to reports.
 */
(function checkTokenResponse() {
  var requestedAt = Date.now() - (pm.response.responseTime || 0);
  var status = pm.response.code;
  var text = pm.response.text();
  var result = readTokenResponse(status, pm.response.headers.get('Content-Type'), text);
  var body = null;
  try {
    body = JSON.parse(text);
  } catch (e) {
    body = null;
  }
  function check(condition, message) {
    if (!condition) throw new Error(message);
  }
  var usable = body !== null && typeof body === 'object';

  pm.test('Token endpoint answers 200', function () {
    check(status === 200, result.failure || 'Expected 200, got ' + status + '.');
  });
  pm.test('Token response is JSON', function () {
    check(usable, result.failure || 'The body is not a JSON object.');
  });
  pm.test('access_token is a non-empty string', function () {
    check(usable && typeof body.access_token === 'string' && body.access_token.length > 0, 'access_token is missing or empty.');
  });
  pm.test('token_type is Bearer (case-insensitive, RFC 6749 §7.1)', function () {
    check(
      usable && typeof body.token_type === 'string' && body.token_type.toLowerCase() === 'bearer',
      'token_type is "' + (usable ? body.token_type : undefined) + '".',
    );
  });
  pm.test('expires_in is a positive integer number of seconds', function () {
    var lifetime = usable ? body.expires_in : undefined;
    check(
      typeof lifetime === 'number' && lifetime > 0 && Math.floor(lifetime) === lifetime,
      'expires_in is ' + JSON.stringify(lifetime) + '.',
    );
  });

  result.notes.forEach(function (note) {
    console.warn(note);
  });
  if (result.token) {
    storeToken(result.token, requestedAt, readRefreshSkew().seconds);
  } else {
    clearToken();
  }
})();
