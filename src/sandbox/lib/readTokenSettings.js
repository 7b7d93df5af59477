// @ts-check
/**
 * Token request settings, read from the Postman variables (environment, then collection).
 * client_credentials grant: RFC 6749 §4.4.2; client authentication: RFC 6749 §2.3.1.
 * @type {import('../library.js').SandboxLibrary['readTokenSettings']}
 */
function readTokenSettings() {
  var skew = readRefreshSkew();
  var settings = {
    tokenUrl: String(pm.variables.get('tokenUrl') || '').trim(),
    clientId: String(pm.variables.get('clientId') || '').trim(),
    clientSecret: String(pm.variables.get('clientSecret') || ''),
    scope: String(pm.variables.get('scope') || '').trim(),
    clientAuth: String(pm.variables.get('clientAuth') || DEFAULT_CLIENT_AUTH)
      .trim()
      .toLowerCase(),
    skewSeconds: skew.seconds,
    /** @type {string[]} */
    problems: [],
  };
  // Where each required setting comes from, so that a missing one is reported with the fix.
  [
    { name: 'tokenUrl', value: settings.tokenUrl, from: 'OAUTH_TOKEN_URL' },
    { name: 'clientId', value: settings.clientId, from: 'OAUTH_CLIENT_ID' },
    { name: 'clientSecret', value: settings.clientSecret, from: 'OAUTH_CLIENT_SECRET' },
  ].forEach(function (setting) {
    if (setting.value) return;
    settings.problems.push(
      setting.name +
        ' is empty: set ' +
        setting.from +
        ' in .env or the process environment (npm run newman), or fill the ' +
        setting.name +
        ' variable of your Postman environment.',
    );
  });
  if (/** @type {readonly string[]} */ (CLIENT_AUTH_METHODS).indexOf(settings.clientAuth) < 0) {
    settings.problems.push(
      'clientAuth is "' +
        settings.clientAuth +
        '": use ' +
        CLIENT_AUTH_METHODS.slice(0, -1).join(', ') +
        ' or ' +
        CLIENT_AUTH_METHODS[CLIENT_AUTH_METHODS.length - 1] +
        ' (OAUTH_CLIENT_AUTH).',
    );
  }
  if (skew.problem) settings.problems.push(skew.problem);
  return settings;
}
