/* global readTokenSettings, buildTokenRequest, readTokenResponse, describeTokenNetworkError, storeToken, failTokenStep */
/*
 * Collection-level pre-request script: runs before every request in the collection.
 * Keeps {{accessToken}} valid for the collection's Bearer auth, fetching a new token with
 * client_credentials only when the current one is missing or close to expiry.
 * Newman 6's sandbox has only the callback form of pm.sendRequest; the sandbox waits for the
 * callback before it sends the request, and sees the variables the callback sets.
 */
(function refreshAccessToken() {
  // The token request (noauth) and requests with an auth of their own do not use this token.
  var auth = pm.request.auth;
  if (auth && auth.type !== 'bearer') return;

  // Hot path: one read and one comparison while the token is fresh.
  if (Date.now() < Number(pm.variables.get('accessTokenRefreshAt')) && pm.variables.get('accessToken')) return;

  var settings = readTokenSettings();
  if (settings.problems.length) {
    failTokenStep(settings.problems.join(' '));
    return;
  }
  var tokenRequest = buildTokenRequest(settings);
  var requestedAt = Date.now();
  pm.sendRequest(
    {
      url: tokenRequest.url,
      method: 'POST',
      header: tokenRequest.headers,
      // An array of {key, value}: an object here would silently send an empty body.
      body: { mode: 'urlencoded', urlencoded: tokenRequest.form },
    },
    function (error, response) {
      if (error) {
        failTokenStep(describeTokenNetworkError(error, settings.tokenUrl));
        return;
      }
      var result = readTokenResponse(response.code, response.headers.get('Content-Type'), response.text());
      result.notes.forEach(function (note) {
        console.warn(note);
      });
      if (result.failure) {
        failTokenStep(result.failure);
        return;
      }
      storeToken(result.token, requestedAt, settings.skewSeconds);
    },
  );
})();
