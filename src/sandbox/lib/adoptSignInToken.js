// @ts-check
/**
 * Makes the helper's token the collection's: every request that inherits the collection's Bearer
 * auth sends it until it expires. Scripts cannot see when the helper's token expires, so its
 * lifetime is assumed to be ASSUMED_LIFETIME_SECONDS from the first time it is adopted; sending
 * the same token again does not extend it. Returns when it is taken to expire (epoch ms).
 * @type {import('../library.js').SandboxLibrary['adoptSignInToken']}
 */
function adoptSignInToken(token) {
  var store = tokenStore();
  var expiresAt = Number(store.get('accessTokenExpiresAt'));
  if (store.get('accessToken') === token && expiresAt > 0) return expiresAt;
  return storeToken(
    { accessToken: token, tokenType: 'Bearer', expiresInSeconds: ASSUMED_LIFETIME_SECONDS },
    Date.now(),
    readRefreshSkew().seconds,
  );
}
