// @ts-check
/**
 * Keeps the token, when it expires and when to fetch the next one. `requestedAt` is when the
 * token request was sent: the lifetime starts at the server before the response arrives, so
 * counting from the send time errs on the safe side. Returns when the token expires (epoch ms).
 * @type {import('../library.js').SandboxLibrary['storeToken']}
 */
function storeToken(token, requestedAt, skewSeconds) {
  var lifetimeMs = token.expiresInSeconds * 1000;
  var expiresAt = requestedAt + lifetimeMs;
  var store = tokenStore();
  store.set('accessToken', token.accessToken, 'secret');
  store.set('tokenType', token.tokenType);
  store.set('accessTokenExpiresAt', String(expiresAt));
  store.set('accessTokenRefreshAt', String(refreshInstant(expiresAt, lifetimeMs, skewSeconds)));
  return expiresAt;
}
