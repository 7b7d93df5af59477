// @ts-check
/**
 * When to fetch the next token: the configured skew before expiry, but at most half the
 * lifetime, so that a token that lives less than two skews is still reused, and at least one
 * second, because servers count expiry in whole seconds: with no margin at all a request can
 * leave with a just-expired token. The CLI (browser sign-in tokens) and the benchmark use it too.
 * @type {import('../library.js').SandboxLibrary['refreshInstant']}
 */
function refreshInstant(expiresAt, lifetimeMs, skewSeconds) {
  return expiresAt - Math.min(Math.max(skewSeconds, 1) * 1000, lifetimeMs / 2);
}
