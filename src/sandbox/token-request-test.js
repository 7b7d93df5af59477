// @ts-check
/*
 * Tests of the token request: the checks of the one token-response reader, as named assertions
 * (what it refuses fails them), each tolerated deviation as a warning and a passing "Tolerated: …"
 * assertion that reports show, and, when the token is accepted, the same bookkeeping as the
 * automatic refresh so that the requests after this one reuse it.
 * Assertion messages never contain the token: they are printed and written to reports.
 */
(function checkTokenResponse() {
  var requestedAt = Date.now() - (pm.response.responseTime || 0);
  // A request that got no response still runs its tests, with no status.
  var answered = typeof pm.response.code === 'number';
  var reading = readTokenResponse({
    tokenUrl: String(pm.variables.get('tokenUrl') || ''),
    status: answered ? pm.response.code : undefined,
    header: function (name) {
      return pm.response.headers.get(name);
    },
    text: answered ? String(pm.response.text() || '') : '',
  });
  var errorName = reading.failure ? tokenErrorName(reading.failure.kind) : TOKEN_ERROR_NAMES.refused;
  reading.checks.forEach(function (check) {
    pm.test(check.name, function () {
      if (check.failure) throw tokenError(errorName, check.failure);
    });
  });
  reading.notes.forEach(function (note) {
    console.warn(note);
    pm.test('Tolerated: ' + note, function () {});
  });
  if (reading.token) {
    storeToken(reading.token, requestedAt, readRefreshSkew().seconds);
  } else {
    clearToken();
  }
})();
