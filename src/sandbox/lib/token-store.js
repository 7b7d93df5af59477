/*
 * Where the token lives between requests. Prepended by the generator to the scripts that
 * store or clear it. With an environment selected (Newman, or the Postman app with one), it
 * goes there; without one (the Postman app), into the collection's variables.
 */

function tokenStore() {
  return pm.environment && pm.environment.name ? pm.environment : pm.collectionVariables;
}

/**
 * When to fetch the next token: the configured skew before expiry, but at most half the
 * lifetime, so that a token that lives less than two skews is still reused, and at least one
 * second, because servers count expiry in whole seconds: with no margin at all a request can
 * leave with a just-expired token. The CLI uses this function too (browser sign-in tokens).
 */
function refreshInstant(expiresAt, lifetimeMs, skewSeconds) {
  return expiresAt - Math.min(Math.max(skewSeconds, 1) * 1000, lifetimeMs / 2);
}

/**
 * Keeps the token, when it expires and when to fetch the next one.
 * @param {number} requestedAt - epoch ms when the token request was sent: the lifetime starts
 *   at the server before the response arrives, so counting from the send time errs on the safe side.
 */
function storeToken(token, requestedAt, skewSeconds) {
  var lifetimeMs = token.expiresInSeconds * 1000;
  var expiresAt = requestedAt + lifetimeMs;
  var store = tokenStore();
  store.set('accessToken', token.accessToken, 'secret');
  store.set('tokenType', token.tokenType);
  store.set('accessTokenExpiresAt', String(expiresAt));
  store.set('accessTokenRefreshAt', String(refreshInstant(expiresAt, lifetimeMs, skewSeconds)));
}

function clearToken() {
  var store = tokenStore();
  store.set('accessToken', '', 'secret');
  store.set('accessTokenExpiresAt', '');
  store.set('accessTokenRefreshAt', '');
}

/**
 * Makes a token failure visible as one named, failed assertion, forgets the token so that the
 * next request tries again, and does not send a request that could only fail for want of it.
 */
function failTokenStep(message) {
  clearToken();
  pm.test('Access token obtained from the token endpoint', function () {
    throw new Error(message);
  });
  if (pm.execution && typeof pm.execution.skipRequest === 'function') pm.execution.skipRequest();
}
