// @ts-check
/**
 * Does not send the current request, where the runner can skip it (pm.execution.skipRequest:
 * Newman 6.2, the Postman CLI and the app), and says why on the console.
 * @type {import('../library.js').SandboxLibrary['skipRequest']}
 */
function skipRequest(reason) {
  if (!pm.execution || typeof pm.execution.skipRequest !== 'function') return;
  console.log('Skipping ' + pm.info.requestName + ': ' + reason + '.');
  pm.execution.skipRequest();
}
