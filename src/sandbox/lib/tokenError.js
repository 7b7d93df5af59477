// @ts-check
/**
 * The error a failed token step throws in its assertion: its name (TOKEN_ERROR_NAMES) survives in
 * Newman's failures, so the CLI can tell network trouble from a refusal.
 * @type {import('../library.js').SandboxLibrary['tokenError']}
 */
function tokenError(name, message) {
  var error = new Error(message);
  error.name = name;
  return error;
}
