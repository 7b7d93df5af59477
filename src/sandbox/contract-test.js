// @ts-check
/*
 * Contract tests of a request generated from an OpenAPI operation. The generator puts
 * `var CONTRACT = {...};` in front of this script (src/openapi/contract.ts):
 *   operation  how messages name the operation (operationId, else "METHOD /path");
 *   expect     the status expected by default: "200", "2XX" or "default" (any 2xx);
 *   responses  per documented status: { description, content: [{ type, schema }] }, where schema is
 *              draft-07 JSON Schema for JSON content types (null otherwise).
 * Validation uses the sandbox's own Ajv (`require('ajv')`: 6.x in Newman 6.2's postman-sandbox 4,
 * newer in the Postman CLI), compiled non-strict so that both accept the same schemas.
 */

(function checkContract() {
  var label = CONTRACT.operation;
  var status = pm.response.code;
  var challenge = pm.response.headers.get('WWW-Authenticate');

  // RFC 6750 §3: a 401/403 is about the token, not the contract; its challenge says why.
  if (status === 401 || status === 403) {
    var sentToken = forgetRejectedToken();
    pm.test(label + ' is authorized', function () {
      throw new Error(
        label +
          ': auth failure, ' +
          status +
          ' ' +
          pm.response.status +
          (challenge ? ' (WWW-Authenticate: ' + challenge + ')' : ' (no WWW-Authenticate challenge)') +
          (sentToken
            ? '.' + refusedSignInAdvice(sentToken)
            : ': the document says this operation needs no token (security: []).'),
      );
    });
    return;
  }

  var documented = documentedResponse(status);
  pm.test(label + ' answers ' + expectedText(CONTRACT.expect), function () {
    if (statusMatches(CONTRACT.expect, status)) return;
    var listed = Object.keys(CONTRACT.responses).join(', ');
    throw new Error(
      label +
        ': expected ' +
        expectedText(CONTRACT.expect) +
        ', got ' +
        status +
        ' ' +
        pm.response.status +
        (documented
          ? ' (documented: "' + documented.response.description + '")'
          : ', which the document does not list for this operation (it lists ' + listed + ')') +
        '.',
    );
  });
  if (!documented || documented.response.content.length === 0) return;
  var found = documented;

  var contentType = (pm.response.headers.get('Content-Type') || '').replace(/;.*/, '').trim().toLowerCase();
  var content = found.response.content.filter(function (entry) {
    return mediaTypeMatches(entry.type, contentType);
  })[0];
  pm.test(label + ' answers a documented content type', function () {
    if (content) return;
    var types = found.response.content.map(function (entry) {
      return entry.type;
    });
    throw new Error(
      label +
        ': the ' +
        found.key +
        ' response has Content-Type ' +
        (contentType || '(none)') +
        '; the document lists ' +
        types.join(', ') +
        '.',
    );
  });
  if (!content || !content.schema) return;
  var schema = content.schema;

  pm.test(label + ' body matches the documented ' + found.key + ' schema', function () {
    var body;
    try {
      body = JSON.parse(pm.response.text());
    } catch (error) {
      throw new Error(label + ': the ' + found.key + ' body is not JSON (' + /** @type {Error} */ (error).message + ').', {
        cause: error,
      });
    }
    // The sandbox's module, not the project's node_modules one that the type checker would find.
    var Ajv = /** @type {import('./pm-api.js').SandboxAjvConstructor} */ (/** @type {unknown} */ (require('ajv')));
    var ajv = new Ajv({ allErrors: false, strict: false, logger: false, jsonPointers: true });
    if (ajv.validate(schema, body)) return;
    var first = /** @type {import('./pm-api.js').SandboxAjvError} */ ((ajv.errors || [])[0]);
    // Ajv 8 says instancePath; Ajv 6 (with jsonPointers) says dataPath. Both are JSON pointers.
    var path = (first.instancePath !== undefined ? first.instancePath : first.dataPath) || '/';
    var extra = first.params && first.params.additionalProperty ? ' "' + first.params.additionalProperty + '"' : '';
    throw new Error(
      label + ': the ' + found.key + ' body does not match the documented schema at ' + path + ': ' + first.message + extra + '.',
    );
  });

  /**
   * The documented response for a status: exact ("404"), range ("4XX"), else "default".
   * @param {number | undefined} code
   */
  function documentedResponse(code) {
    var keys = [String(code), String(code).charAt(0) + 'XX', 'default'];
    for (var i = 0; i < keys.length; i += 1) {
      var key = Object.keys(CONTRACT.responses).filter(function (name) {
        return name.toUpperCase() === keys[i];
      })[0];
      var response = CONTRACT.responses[key || ''];
      if (key && response) return { key: key, response: response };
    }
    return undefined;
  }

  /**
   * @param {string} expected
   * @param {number | undefined} code
   */
  function statusMatches(expected, code) {
    if (/^\d{3}$/.test(expected)) return code === Number(expected);
    if (/^[1-5]XX$/i.test(expected)) return String(code).charAt(0) === expected.charAt(0);
    return code !== undefined && code >= 200 && code < 300;
  }

  /** @param {string} expected */
  function expectedText(expected) {
    if (/^\d{3}$/.test(expected)) return expected;
    if (/^[1-5]XX$/i.test(expected)) return 'a ' + expected.charAt(0) + 'xx status';
    return 'a 2xx status';
  }

  /**
   * "application/json" matches itself; "application/*" and "*\/*" match ranges (RFC 9110 §12.5.1).
   * @param {string} documentedType
   * @param {string} actual
   */
  function mediaTypeMatches(documentedType, actual) {
    var wanted = documentedType.replace(/;.*/, '').trim().toLowerCase();
    if (wanted === '*/*' || wanted === actual) return true;
    var slash = wanted.indexOf('/');
    return wanted.slice(slash) === '/*' && actual.indexOf(wanted.slice(0, slash + 1)) === 0;
  }
})();
