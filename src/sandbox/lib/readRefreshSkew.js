// @ts-check
/**
 * tokenRefreshSkewSeconds: DEFAULT_REFRESH_SKEW_SECONDS when empty; a value that is not a whole
 * number of seconds is a problem (and the default is used meanwhile).
 * @type {import('../library.js').SandboxLibrary['readRefreshSkew']}
 */
function readRefreshSkew() {
  var value = pm.variables.get('tokenRefreshSkewSeconds');
  if (value === undefined || value === null || String(value).trim() === '') return { seconds: DEFAULT_REFRESH_SKEW_SECONDS };
  var seconds = Number(value);
  if (seconds >= 0 && Math.floor(seconds) === seconds) return { seconds: seconds };
  return {
    seconds: DEFAULT_REFRESH_SKEW_SECONDS,
    problem: 'tokenRefreshSkewSeconds is "' + value + '": use a whole number of seconds (TOKEN_REFRESH_SKEW_SECONDS).',
  };
}
