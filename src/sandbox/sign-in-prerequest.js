// @ts-check
/*
 * Pre-request script of the Browser sign-in request. Its authorization is Postman's OAuth 2.0
 * helper (implicit grant): a person presses Get New Access Token and Use Token, then sends it.
 * A runner (the Collection Runner, the Postman CLI, Newman) has no one to press the button: the
 * request would go out without a token and come back 401, so it is skipped, saying why.
 */
(function skipWithoutHelperToken() {
  if (signInHelperToken()) return;
  skipRequest(
    'no token from Get New Access Token on it. A runner cannot sign in: the other requests use the client secret ' +
      'or an earlier sign-in. In the Postman app: Authorization tab → Get New Access Token → Use Token, then Send',
  );
})();
