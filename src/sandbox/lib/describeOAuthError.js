// @ts-check
/**
 * An RFC 6749 §5.2 error response, with the likely cause for the client_credentials grant (other
 * grants' callers word their own fix from `oauthError`).
 * @type {import('../library.js').SandboxLibrary['describeOAuthError']}
 */
function describeOAuthError(status, error, description) {
  /** @type {Record<string, string>} */
  var causes = {
    invalid_client: 'the client id or secret is wrong, or clientAuth does not match how the application authenticates',
    unauthorized_client: 'the client_credentials grant is not enabled for this application',
    invalid_scope: 'the scope is unknown or not allowed for this application',
    unsupported_grant_type: 'the server does not support client_credentials here; check tokenUrl',
    invalid_request: 'a parameter is missing or repeated; check clientAuth and scope',
    invalid_grant: 'the grant was refused',
  };
  var cause = Object.prototype.hasOwnProperty.call(causes, error) ? causes[error] : undefined;
  var described = typeof description === 'string' ? description : undefined;
  var said = 'The token endpoint answered ' + status + ' ' + error + (described ? ' (' + described + ')' : '');
  return {
    kind: 'oauth-error',
    message: said + '.',
    fix: cause
      ? cause.charAt(0).toUpperCase() + cause.slice(1) + '.'
      : "Read the error description; if it does not say what to change, ask the server's administrators.",
    text: said + (cause ? ': ' + cause : '') + '.',
    oauthError: { error: error, errorDescription: described, hint: cause },
  };
}
