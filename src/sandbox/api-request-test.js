// @ts-check
/*
 * Tests of a protected API request declared in oauth-postman.config.json. The generator puts
 * `var EXPECTED_STATUS = <status>;` in front of this script.
 */

var carriedToken = forgetRejectedToken();

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
        '.' +
        refusedSignInAdvice(carriedToken),
    );
  });
})();
