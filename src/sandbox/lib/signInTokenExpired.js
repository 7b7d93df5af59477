// @ts-check
/**
 * Whether a token that cannot be renewed (no client secret: a browser sign-in's) is past use: the
 * one rule for the collection and the CLI (`token`, `doctor`, newman's note). Such a token is
 * used until refreshInstant says it needs a new one, without the configured skew, which is there
 * to fetch the next token early and has nothing to fetch here. What is left is that rule's own
 * margin: one second (half the life of a shorter-lived token), because servers count expiry in
 * whole seconds and a request sent later can arrive with a token the server holds expired.
 *
 * `refreshAt` is the instant refreshInstant gave for the token with any skew (storeToken's, or the
 * CLI's accessTokenRefreshAt): the collection keeps that, not the lifetime. expiresAt − refreshAt
 * is min(max(skew, 1 s), lifetime / 2), and the smaller of it and one second is min(1 s,
 * lifetime / 2) whatever the skew: twice it stands in for the lifetime. With no refresh instant,
 * or one after the expiry (written by hand), the token is taken to be long-lived: one second.
 * An expiry that is not a time counts as expired.
 * @type {import('../library.js').SandboxLibrary['signInTokenExpired']}
 */
function signInTokenExpired(expiresAt, refreshAt, now) {
  var margin = expiresAt - refreshAt;
  var lifetimeMs = margin >= 0 ? 2 * margin : Infinity;
  return !(now < refreshInstant(expiresAt, lifetimeMs, 0));
}
