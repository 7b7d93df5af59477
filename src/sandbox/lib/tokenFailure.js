// @ts-check
/**
 * A failure of the token step: what happened, what to do, and both on one line for Newman.
 * @type {import('../library.js').SandboxLibrary['tokenFailure']}
 */
function tokenFailure(kind, message, fix) {
  return { kind: kind, message: message, fix: fix, text: message + ' Fix: ' + fix };
}
