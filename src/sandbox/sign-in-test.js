// @ts-check
/*
 * Test script of the Browser sign-in request: when the API accepted the helper's token, every
 * other request of the collection (generated, or added with "Inherit auth from parent") uses it
 * from now on, through the collection's Bearer {{accessToken}}; when it refused it, the person
 * gets a new one. Messages never contain the token.
 */
(function adoptHelperToken() {
  var token = signInHelperToken();
  if (!token) return;
  var status = pm.response.code;
  if (status === 401) {
    // RFC 6750 §3: the challenge says why the token was refused (expired, another audience).
    var challenge = pm.response.headers.get('WWW-Authenticate');
    if (tokenStore().get('accessToken') === token) clearToken();
    pm.test('The API accepts the token from Get New Access Token', function () {
      throw tokenError(
        TOKEN_ERROR_NAMES.signIn,
        'The API answered 401' +
          (challenge ? ' (WWW-Authenticate: ' + challenge + ')' : '') +
          ' to the token from Get New Access Token: it expired or is not for this API. ' +
          signInAdvice(true),
      );
    });
    return;
  }
  var expiresAt = adoptSignInToken(token);
  console.log(
    'Browser sign-in: every request of the collection now sends this token, until ' +
      new Date(expiresAt).toISOString() +
      ' (assumed: ' +
      ASSUMED_LIFETIME_SECONDS +
      ' s after it was first sent, as scripts cannot see its expiry) or until the API refuses it.',
  );
  pm.test('The API accepts the token from Get New Access Token', function () {});
})();
