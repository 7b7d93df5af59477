// @ts-check
/*
 * Pre-request script of the token request: sends exactly what the collection's own refresh
 * would send for the chosen clientAuth (body, basic or query), so that this visible request
 * and the automatic refresh behave alike.
 */
(function shapeTokenRequest() {
  var settings = readTokenSettings();
  if (settings.problems.length) {
    failTokenStep(settings.problems.join(' '));
    return;
  }
  var tokenRequest = buildTokenRequest(settings);
  pm.request.url.update(tokenRequest.url);
  tokenRequest.headers.forEach(function (header) {
    pm.request.headers.upsert(header);
  });
  pm.request.body.update({ mode: 'urlencoded', urlencoded: tokenRequest.form });
})();
