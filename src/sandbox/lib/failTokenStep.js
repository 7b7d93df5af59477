// @ts-check
/**
 * Makes a token failure visible as one named, failed assertion, forgets the token so that the
 * next request tries again, and does not send a request that could only fail for want of it.
 * @type {import('../library.js').SandboxLibrary['failTokenStep']}
 */
function failTokenStep(message, errorName) {
  clearToken();
  pm.test('Access token obtained from the token endpoint', function () {
    throw tokenError(errorName, message);
  });
  skipRequest('no access token for it');
}
