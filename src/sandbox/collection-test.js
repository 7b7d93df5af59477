/* global clearToken */
/*
 * Collection-level test script: runs after every request. A 401 on a request that carried our
 * token means the server no longer accepts it (revoked, or the clocks disagree): forget it so
 * that the next request fetches a new one instead of failing the same way.
 */
(function forgetRejectedToken() {
  if (pm.response.code !== 401) return;
  var auth = pm.request.auth;
  if (auth && auth.type !== 'bearer') return;
  clearToken();
})();
