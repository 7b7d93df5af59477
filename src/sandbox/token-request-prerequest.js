// @ts-check
/*
 * Pre-request script of the token request: sends exactly what the collection's own refresh
 * would send for the chosen clientAuth (body, basic or query), so that this visible request
 * and the automatic refresh behave alike.
 */
(function shapeTokenRequest() {
  var settings = readTokenSettings();
  // Signed in in a browser, without a secret (a whole-collection run in the app or a runner): the
  // requests use that token, and this request could only fail.
  if (!settings.clientSecret && pm.variables.get('accessToken')) {
    skipRequest('no client secret for the client credentials grant; the requests use the browser sign-in token');
    return;
  }
  if (settings.problems.length) {
    failTokenStep(settings.problems.join(' '), TOKEN_ERROR_NAMES.refused);
    return;
  }
  var tokenRequest = buildTokenRequest(settings);
  pm.request.url.update(tokenRequest.url);
  tokenRequest.headers.forEach(function (header) {
    pm.request.headers.upsert(header);
  });
  pm.request.body.update({ mode: 'urlencoded', urlencoded: tokenRequest.form });
})();
