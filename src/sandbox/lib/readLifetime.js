// @ts-check
/**
 * expires_in to a whole number of seconds, by one rule for every path (the collection, `token`,
 * `login`, `import-redirect`; README, troubleshooting):
 * - a JSON number, or a string holding one (tolerated with a note in a JSON body; the norm in a
 *   fragment), is rounded down to whole seconds;
 * - zero or less: the token is used for the request at hand only;
 * - more than MAX_LIFETIME_SECONDS (a year) is capped there, so that an expiry is always a valid date;
 * - missing (or null): ASSUMED_LIFETIME_SECONDS, with a note (RFC 6749 §5.1 makes it RECOMMENDED);
 * - anything else ("soon", true, {}) is refused: the response is not what it claims to be.
 * @type {import('../library.js').SandboxLibrary['readLifetime']}
 */
function readLifetime(value, origin) {
  if (value === undefined || value === null) {
    return {
      seconds: ASSUMED_LIFETIME_SECONDS,
      notes: ['The token response has no expires_in; assuming ' + ASSUMED_LIFETIME_SECONDS + ' s.'],
    };
  }
  // JSON's number syntax (RFC 8259 §6), the only form a string is read in.
  var numeric = typeof value === 'string' && /^\s*-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?\s*$/.test(value);
  if (typeof value !== 'number' && !numeric) {
    var shown = JSON.stringify(value);
    return {
      failure:
        'The token response has expires_in ' +
        (shown && shown.length > 40 ? shown.slice(0, 40) + '…' : shown) +
        ', which is not a number of seconds (RFC 6749 §5.1).',
    };
  }
  var given = Number(value);
  /** @type {string[]} */
  var notes = [];
  if (typeof value === 'string' && origin === 'json') {
    notes.push(
      'The token response gives expires_in as a string ("' + value + '"); RFC 6749 §5.1 says a number. Using it anyway.',
    );
  }
  var seconds = Math.floor(given);
  if (!(seconds > 0)) {
    notes.push('The token response has expires_in ' + given + '; the token is used for this request only.');
    seconds = 0;
  } else if (seconds > MAX_LIFETIME_SECONDS) {
    notes.push(
      'The token response has expires_in ' +
        given +
        ', more than a year; using ' +
        MAX_LIFETIME_SECONDS +
        ' s (one year) instead.',
    );
    seconds = MAX_LIFETIME_SECONDS;
  } else if (seconds !== given) {
    notes.push('The token response has expires_in ' + given + ', not whole seconds; using ' + seconds + ' s.');
  }
  return { seconds: seconds, notes: notes };
}
