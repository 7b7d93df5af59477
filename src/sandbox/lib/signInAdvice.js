// @ts-check
/**
 * What a person without a client secret does when there is no usable token: sign in in a browser,
 * in the Postman app (the Browser sign-in request's OAuth 2.0 helper) or on the command line.
 * "Sign in again" only where there was a token. The command names the selected environment as
 * the CLI knows it: an environment from `env export` is "prod (personal)", its --env is prod.
 * @type {import('../library.js').SandboxLibrary['signInAdvice']}
 */
function signInAdvice(again) {
  var selected = (pm.environment && pm.environment.name) || '';
  var personal = selected.slice(-PERSONAL_ENVIRONMENT_SUFFIX.length) === PERSONAL_ENVIRONMENT_SUFFIX;
  var envName = (personal ? selected.slice(0, -PERSONAL_ENVIRONMENT_SUFFIX.length) : selected) || 'NAME';
  return (
    (again ? 'Sign in again' : 'Sign in') +
    ': in the Postman app, open Browser sign-in, then Authorization → Get New Access Token, sign in, Use Token, and Send that request once; ' +
    'on the command line, ' +
    LOGIN_COMMAND +
    ' ' +
    envName +
    '.'
  );
}
