// @ts-check
/**
 * Whether a name (of a URL or form parameter, a JSON field, a header, a variable) says its value
 * is a credential: client_secret (RFC 6749 §2.3.1), access_token / refresh_token / id_token
 * (§5.1, OpenID Connect), passwords, client assertions (RFC 7521), API keys, Authorization and
 * Proxy-Authorization. Compared without case, `-` and `_`: clientSecret, client_secret and
 * Client-Secret are one name. In a URL also: the authorization code (§4.1.2), a grant's
 * assertion, and `key`, `sig`, `signature` (API keys, signed URLs). The one rule for the
 * collection's messages, the CLI's Node clients and the masking of Newman runs.
 * @type {import('../library.js').SandboxLibrary['isCredentialName']}
 */
function isCredentialName(name, inUrl) {
  var normalized = String(name).toLowerCase().replace(/[-_]/g, '');
  // Postman-Token is a request id that Postman adds, not a credential.
  if (normalized === 'postmantoken') return false;
  if (/(secret|password|passwd|token|apikey|clientassertion)$/.test(normalized)) return true;
  if (normalized === 'authorization' || normalized === 'proxyauthorization') return true;
  return inUrl === true && /^(code|assertion|key|sig|signature)$/.test(normalized);
}
