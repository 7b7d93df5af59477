// @ts-check
/**
 * Why a token request got no HTTP response at all, and what to do. The sandbox hands over the
 * error of pm.sendRequest (its code is part of its message); a test script whose request got no
 * response has no error to look at, only the missing status.
 * @type {import('../library.js').SandboxLibrary['describeNoResponse']}
 */
function describeNoResponse(error, tokenUrl) {
  var fields = /** @type {{ code?: unknown, message?: unknown }} */ (error && typeof error === 'object' ? error : {});
  var detail = String(fields.code || fields.message || error || '');
  if (fields.message && detail !== fields.message) detail += ' ' + fields.message;
  if (/EMSGSIZE/.test(detail)) {
    // The CLI's runs cut a token response off at a size no token response has (src/run/request-bounds.ts).
    // The endpoint answered, just not with a token: a refusal (exit 3), as in the CLI's own clients.
    return {
      kind: 'cut-off',
      message: 'The answer of the token endpoint ' + describeUrl(tokenUrl) + ' was cut off (' + detail + ').',
      fix: 'Check tokenUrl: it must be the token endpoint itself, which answers with a few kilobytes of JSON.',
    };
  }
  if (/EPROXY/.test(detail)) {
    // The CLI's runs name the proxy that could not be reached in the request's error (src/run/request-bounds.ts).
    return {
      kind: 'no-response',
      message: 'The token request did not get through to the proxy (' + detail + '): the request error names the proxy.',
      fix: 'Check HTTPS_PROXY / HTTP_PROXY (is the proxy up, is the port right?), or add the host to NO_PROXY if it is reachable directly.',
    };
  }
  var message = 'No response from the token endpoint ' + describeUrl(tokenUrl) + (detail ? ' (' + detail + ')' : '');
  if (/ETIMEDOUT|ESOCKETTIMEDOUT|timeout/i.test(detail)) {
    return {
      kind: 'no-response',
      message: message + ': no answer within the request timeout.',
      fix: 'Raise --timeout-request, or check the network and proxy.',
    };
  }
  if (/ECONNREFUSED/.test(detail)) {
    return {
      kind: 'no-response',
      message: message + ': nothing listens there.',
      fix: 'Check tokenUrl and that the server is up.',
    };
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(detail)) {
    return { kind: 'no-response', message: message + ': unknown host.', fix: 'Check tokenUrl, VPN and DNS.' };
  }
  if (/certificate|CERT_|self.signed/i.test(detail)) {
    return {
      kind: 'no-response',
      message: message + ': its TLS certificate is not trusted.',
      fix: 'Behind a TLS-inspecting proxy, pass its CA with --ssl-extra-ca-certs.',
    };
  }
  return {
    kind: 'no-response',
    message: message + (detail ? '.' : ': connection refused, unknown host or timeout (the request error above says which).'),
    fix: 'Check tokenUrl, that the server is up, and the network and proxy.',
  };
}
