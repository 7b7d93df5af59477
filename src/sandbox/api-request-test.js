// @ts-check
/*
 * Tests of a protected API request declared in oauth-postman.config.json. The generator puts
 * `var EXPECTED_STATUS = <status>;` in front of this script.
 */

/*
 * A 401 on a request that carried our token means the server no longer accepts it (revoked, or
 * the clocks disagree): forget it so that the next request fetches a new one instead of failing
 * the same way. This lives here, not in a collection-level test script, because every script
 * execution costs Newman's sandbox a fixed ~15 ms (BENCHMARKS.md).
 */
(function forgetRejectedToken() {
  if (pm.response.code !== 401) return;
  var auth = pm.request.auth;
  if (auth && auth.type !== 'bearer') return;
  clearToken();
})();

(function checkProtectedResponse() {
  pm.test(pm.info.requestName + ' answers ' + EXPECTED_STATUS, function () {
    var status = pm.response.code;
    if (status === EXPECTED_STATUS) return;
    // RFC 6750 §3: the challenge says why a bearer token was refused.
    var challenge = pm.response.headers.get('WWW-Authenticate');
    throw new Error(
      'Expected ' +
        EXPECTED_STATUS +
        ', got ' +
        status +
        ' ' +
        pm.response.status +
        (challenge ? ' (WWW-Authenticate: ' + challenge + ')' : '') +
        '.',
    );
  });
})();
