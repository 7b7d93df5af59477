// @ts-check
/**
 * The token Postman's OAuth 2.0 helper put on this request (Get New Access Token → Use Token), or
 * ''. Scripts see it only on a request whose own authorization is OAuth 2.0, not on one that
 * inherits it (postmanlabs/postman-app-support#12942); the helper's expiry is not visible at all.
 * @type {import('../library.js').SandboxLibrary['signInHelperToken']}
 */
function signInHelperToken() {
  var auth = pm.request.auth;
  if (!auth || auth.type !== 'oauth2' || !auth.oauth2) return '';
  var token = auth.oauth2.get('accessToken');
  return typeof token === 'string' ? token.trim() : '';
}
