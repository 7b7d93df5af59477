// @ts-check
/**
 * What a failed API request adds when the API answered 401 to the collection's token and there is
 * no client secret: the token came from a browser sign-in, and only the person can get another
 * (with a secret, the next request fetches one by itself). '' otherwise.
 * @type {import('../library.js').SandboxLibrary['refusedSignInAdvice']}
 */
function refusedSignInAdvice(carriedToken) {
  if (pm.response.code !== 401 || !carriedToken || pm.variables.get('clientSecret')) return '';
  return ' ' + signInAdvice(true);
}
