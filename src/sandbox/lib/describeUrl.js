// @ts-check
/**
 * A URL fit for a message, which ends up in Newman's output and reports: without a
 * user:password@ part, and with the values of credential parameters in its query and fragment
 * hidden, whatever their length (cloudsso's own example puts client_secret in the token URL; a
 * browser sign-in lands on …#access_token=…).
 * @type {import('../library.js').SandboxLibrary['describeUrl']}
 */
function describeUrl(url) {
  return String(url)
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1')
    .replace(/([?&#;])([^=&#;]*)=([^&#;]*)/g, function (pair, separator, name, value) {
      var decoded;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch (e) {
        decoded = name;
      }
      return value !== '' && isCredentialName(decoded, true) ? separator + name + '=' + REDACTED : pair;
    });
}
