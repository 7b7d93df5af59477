// @ts-check
/**
 * Which TOKEN_ERROR_NAMES a failure of the token endpoint gets: nothing answered is network
 * trouble; any answer that is not a usable token is a refusal.
 * @type {import('../library.js').SandboxLibrary['tokenErrorName']}
 */
function tokenErrorName(kind) {
  return kind === 'no-response' ? TOKEN_ERROR_NAMES.unreachable : TOKEN_ERROR_NAMES.refused;
}
