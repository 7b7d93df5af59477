/*
 * Token request settings, read from the Postman variables (environment, then collection).
 * Prepended by the generator to the scripts that call the token endpoint.
 * client_credentials grant: RFC 6749 §4.4.2; client authentication: RFC 6749 §2.3.1.
 */

/** Where each setting comes from, so that a missing one is reported with the fix. */
var TOKEN_SETTING_SOURCES = {
  tokenUrl: 'OAUTH_TOKEN_URL',
  clientId: 'OAUTH_CLIENT_ID',
  clientSecret: 'OAUTH_CLIENT_SECRET',
};

function readTokenSettings() {
  var settings = {
    tokenUrl: String(pm.variables.get('tokenUrl') || '').trim(),
    clientId: String(pm.variables.get('clientId') || '').trim(),
    clientSecret: String(pm.variables.get('clientSecret') || ''),
    scope: String(pm.variables.get('scope') || '').trim(),
    clientAuth: String(pm.variables.get('clientAuth') || 'body')
      .trim()
      .toLowerCase(),
    skewSeconds: 60,
    problems: [],
  };
  Object.keys(TOKEN_SETTING_SOURCES).forEach(function (name) {
    if (!settings[name]) {
      settings.problems.push(
        name +
          ' is empty: set ' +
          TOKEN_SETTING_SOURCES[name] +
          ' in .env or the process environment (npm run newman), ' +
          'or fill the ' +
          name +
          ' variable of your Postman environment.',
      );
    }
  });
  if (['body', 'basic', 'query'].indexOf(settings.clientAuth) < 0) {
    settings.problems.push('clientAuth is "' + settings.clientAuth + '": use body, basic or query (OAUTH_CLIENT_AUTH).');
  }
  var skew = readRefreshSkew();
  settings.skewSeconds = skew.seconds;
  if (skew.problem) settings.problems.push(skew.problem);
  return settings;
}

/** tokenRefreshSkewSeconds, defaulting to 60 when empty; a value that is not whole seconds is a problem. */
function readRefreshSkew() {
  var text = pm.variables.get('tokenRefreshSkewSeconds');
  if (text === undefined || text === null || String(text).trim() === '') return { seconds: 60 };
  var seconds = Number(text);
  if (seconds >= 0 && Math.floor(seconds) === seconds) return { seconds: seconds };
  return {
    seconds: 60,
    problem: 'tokenRefreshSkewSeconds is "' + text + '": use a whole number of seconds (TOKEN_REFRESH_SKEW_SECONDS).',
  };
}

/**
 * The token request for the chosen client authentication:
 * body  - client_id and client_secret as form fields (RFC 6749 §2.3.1, client_secret_post);
 * basic - HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1, client_secret_basic);
 * query - client_id and client_secret in the URL, as cloudsso's Postman example does. The secret
 *         then ends up in server and proxy logs: use it only where nothing else is accepted.
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
