// @ts-check
/**
 * Forgets the token, so that the next request fetches a new one.
 * @type {import('../library.js').SandboxLibrary['clearToken']}
 */
function clearToken() {
  var store = tokenStore();
  store.set('accessToken', '', 'secret');
  store.set('accessTokenExpiresAt', '');
  store.set('accessTokenRefreshAt', '');
}
