// @ts-check
/**
 * With an environment selected (Newman, or the Postman app with one), the token goes there;
 * without one (the Postman app), into the collection's variables.
 * @type {import('../library.js').SandboxLibrary['tokenStore']}
 */
function tokenStore() {
  return pm.environment && pm.environment.name ? pm.environment : pm.collectionVariables;
}
