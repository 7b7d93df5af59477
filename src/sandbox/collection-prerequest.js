// @ts-check
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

  // No client secret: nothing can fetch a token here. A token from a browser sign-in (npm run login,
  // or the Browser sign-in request's Get New Access Token in the Postman app) is used until it
  // expires by the CLI's rule (signInTokenExpired: one second early), then the person signs in
  // again. A token without an expiry (put in accessToken by hand) is sent as it is.
  if (!pm.variables.get('clientSecret')) {
    var expiresAt = pm.variables.get('accessTokenExpiresAt');
    var refreshAt = Number(pm.variables.get('accessTokenRefreshAt'));
    if (pm.variables.get('accessToken') && (!expiresAt || !signInTokenExpired(Number(expiresAt), refreshAt, Date.now()))) {
      return;
    }
    // An accessTokenExpiresAt edited into something that is not a time counts as expired; named, not thrown (toISOString would).
    var expiry = new Date(Number(expiresAt));
    failTokenStep(
      (!expiresAt
        ? 'There is no access token'
        : isNaN(expiry.getTime())
          ? 'The access token from the browser sign-in has an expiry (accessTokenExpiresAt) that is not a time'
          : 'The access token from the browser sign-in expired at ' + expiry.toISOString()) +
        ', and without a client secret the collection cannot fetch one. ' +
        signInAdvice(Boolean(expiresAt)) +
        ' For client credentials instead, set OAUTH_CLIENT_SECRET (or the clientSecret variable of your Postman environment).',
      TOKEN_ERROR_NAMES.signIn,
    );
    return;
  }

  var settings = readTokenSettings();
  if (settings.problems.length) {
    failTokenStep(settings.problems.join(' '), TOKEN_ERROR_NAMES.refused);
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
      var reading = readTokenResponse({
        tokenUrl: settings.tokenUrl,
        status: error ? undefined : response.code,
        header: function (name) {
          return response.headers.get(name);
        },
        text: error ? '' : String(response.text() || ''),
        error: error,
      });
      reading.notes.forEach(function (note) {
        console.warn(note);
      });
      if (reading.token) {
        storeToken(reading.token, requestedAt, settings.skewSeconds);
      } else {
        failTokenStep(reading.failure.text, tokenErrorName(reading.failure.kind));
      }
    },
  );
})();
