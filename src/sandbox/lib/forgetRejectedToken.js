// @ts-check
/**
 * A 401 on a request that carried the collection's token means the server no longer accepts it
 * (revoked, or the clocks disagree): forget it, so that the next request fetches a new one instead
 * of failing the same way. Runs in each API request's own test script, not in a collection-level
 * one, because every script execution costs Newman's sandbox a fixed ~15 ms (BENCHMARKS.md).
 * Returns whether the request carried the collection's token (inherited bearer auth).
 * @type {import('../library.js').SandboxLibrary['forgetRejectedToken']}
 */
function forgetRejectedToken() {
  var auth = pm.request.auth;
  var carriedToken = !auth || auth.type === 'bearer';
  if (pm.response.code === 401 && carriedToken) clearToken();
  return carriedToken;
}
