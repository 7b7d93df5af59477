// @ts-check
/**
 * The token request for the chosen client authentication:
 * body  - client_id and client_secret as form fields (RFC 6749 §2.3.1, client_secret_post);
 * basic - HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1, client_secret_basic);
 * query - client_id and client_secret in the URL, as cloudsso's Postman example does. The secret
 *         then ends up in server and proxy logs: use it only where nothing else is accepted.
 * @type {import('../library.js').SandboxLibrary['buildTokenRequest']}
 */
function buildTokenRequest(settings) {
  var form = [{ key: 'grant_type', value: 'client_credentials' }];
  if (settings.scope) form.push({ key: 'scope', value: settings.scope });
  var headers = [{ key: 'Accept', value: 'application/json' }];
  var url = settings.tokenUrl;
  if (settings.clientAuth === 'basic') {
    headers.push({
      key: 'Authorization',
      value: 'Basic ' + btoa(encodeURIComponent(settings.clientId) + ':' + encodeURIComponent(settings.clientSecret)),
    });
  } else if (settings.clientAuth === 'query') {
    url +=
      (url.indexOf('?') < 0 ? '?' : '&') +
      'client_id=' +
      encodeURIComponent(settings.clientId) +
      '&client_secret=' +
      encodeURIComponent(settings.clientSecret);
  } else {
    form.push({ key: 'client_id', value: settings.clientId });
    form.push({ key: 'client_secret', value: settings.clientSecret });
  }
  return { url: url, headers: headers, form: form };
}
