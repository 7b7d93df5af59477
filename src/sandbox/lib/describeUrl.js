// @ts-check
/**
 * A URL fit for a message, which ends up in Newman's output and reports: without a
 * user:password@ part, and with the values of secret-looking query parameters hidden
 * (cloudsso's own example puts client_secret in the token URL).
 * @type {import('../library.js').SandboxLibrary['describeUrl']}
 */
function describeUrl(url) {
  return String(url)
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1')
    .replace(/([?&][^=&#]*(?:secret|password|token|key)[^=&#]*=)[^&#]*/gi, '$1*****');
}
