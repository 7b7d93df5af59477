import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialsInText, isCredentialName, maskCredentialsInText } from '../src/util/mask-credentials.js';
import { createRunMasker, textForms } from '../src/run/masking.js';

test('URLs in text lose their user name and password, and credential parameters their values, whatever their length', () => {
  assert.equal(
    maskCredentialsInText('POST https://user:p@cloudsso.example/as/token.oauth2?client_id=me&client_secret=abc&scope=x [200 OK]'),
    'POST https://cloudsso.example/as/token.oauth2?client_id=me&client_secret=********&scope=x [200 OK]',
  );
  assert.equal(maskCredentialsInText('GET https://tok3n@host/p'), 'GET https://host/p', 'a lone user name can be the credential');
  assert.equal(
    maskCredentialsInText('http://127.0.0.1:8765/callback#access_token=x&token_type=Bearer&expires_in=3599&state=s'),
    'http://127.0.0.1:8765/callback#access_token=********&token_type=Bearer&expires_in=3599&state=s',
  );
  assert.equal(
    maskCredentialsInText('http://127.0.0.1:8765/callback?code=Splx&state=s'),
    'http://127.0.0.1:8765/callback?code=********&state=s',
  );
  assert.equal(maskCredentialsInText('https://cloudsso.cisco.com/as/token.oauth2'), 'https://cloudsso.cisco.com/as/token.oauth2');
  // In a form body `code` is an ordinary word (exit code=1 below); only in a URL is it the authorization code.
  assert.equal(maskCredentialsInText('code=Splx&state=s'), 'code=Splx&state=s');
});

test('credentials at known places in text are masked; prose around them stays readable', () => {
  const cases: [string, string][] = [
    [
      '{"access_token":"a1","token_type":"Bearer","expires_in":3599}',
      '{"access_token":"********","token_type":"Bearer","expires_in":3599}',
    ],
    ['{\\"refresh_token\\": \\"r\\", \\"x\\": 1}', '{\\"refresh_token\\": \\"********\\", \\"x\\": 1}'],
    [
      'grant_type=client_credentials&client_id=me&client_secret=wrong',
      'grant_type=client_credentials&client_id=me&client_secret=********',
    ],
    ['Authorization: Bearer abc', 'Authorization: Bearer ********'],
    ['Authorization: Basic bWU6d3Jvbmc=', 'Authorization: Basic ********'],
    ['got a Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig back', 'got a Bearer ******** back'],
    // Prose that merely mentions the schemes is not touched.
    ['Authorization: inherited Bearer token.', 'Authorization: inherited Bearer token.'],
    [
      'only Bearer tokens are supported; basic - HTTP Basic with the id',
      'only Bearer tokens are supported; basic - HTTP Basic with the id',
    ],
    [
      'WWW-Authenticate: Bearer realm="api", error="invalid_token"',
      'WWW-Authenticate: Bearer realm="api", error="invalid_token"',
    ],
    ['the client id or secret is wrong (exit code=1)', 'the client id or secret is wrong (exit code=1)'],
  ];
  for (const [text, expected] of cases) assert.equal(maskCredentialsInText(text), expected, text);
});

test('credential names are told apart from their neighbours', () => {
  for (const name of ['client_secret', 'clientSecret', 'access_token', 'accessToken', 'Authorization', 'password', 'x-api-key']) {
    assert.ok(isCredentialName(name), name);
  }
  for (const name of ['token_type', 'tokenUrl', 'accessTokenExpiresAt', 'clientId', 'Postman-Token', 'assertion', 'expires_in']) {
    assert.ok(!isCredentialName(name), name);
  }
  for (const name of ['code', 'assertion', 'key', 'sig', 'signature']) {
    assert.ok(isCredentialName(name, true), `${name} in a URL`);
    assert.ok(!isCredentialName(name), `${name} elsewhere`);
  }
  assert.deepEqual(credentialsInText('{"access_token":"t\\"1","id_token":"i"} client_secret=s%20x Bearer eyJ0.x'), [
    's x',
    't"1',
    'i',
    'eyJ0.x',
  ]);
});

test('known values are masked in every form they take in output; shorter ones only by position', () => {
  const secret = 'Secret with spaces & "quotes" <8+>';
  const masker = createRunMasker({ clientId: 'my client', clientSecret: secret });
  const basic = Buffer.from('my+client:' + encodeURIComponent(secret).replace(/%20/g, '+')).toString('base64');
  for (const form of [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    Buffer.from('my client:' + secret).toString('base64'),
    basic,
  ]) {
    assert.equal(masker.text(`before ${form} after`), 'before ******** after', form);
  }
  // Inside a longer base64 text, at any alignment.
  for (const prefix of ['', 'x', 'xy']) {
    const encoded = Buffer.from(`${prefix}${secret} and more`).toString('base64');
    assert.match(masker.text(encoded), /\*{8}/, `base64 with the secret at offset ${prefix.length}`);
  }
  // As the JSON report's byte array.
  const report = JSON.stringify({ stream: { type: 'Buffer', data: [...Buffer.from(`{"echo":"${secret}"}`)] } }, null, 2);
  const masked = JSON.parse(masker.byteArrays(report)) as { stream: { data: number[] } };
  assert.equal(Buffer.from(masked.stream.data).toString(), '{"echo":"********"}');

  const short = createRunMasker({ clientId: 'id', clientSecret: 'wrong' });
  assert.equal(short.text('the client id or secret is wrong'), 'the client id or secret is wrong');
  assert.equal(short.text('client_secret=wrong'), 'client_secret=********');
  assert.ok(textForms('wrong').length === 0, 'no text forms for a value shorter than 8');
});

test('a body of megabytes is masked without overflowing the regular expression stack', () => {
  const body = `{"access_token":"${'A'.repeat(8 * 1024 * 1024)}","data":"${'B'.repeat(8 * 1024 * 1024)}"}`;
  const masked = maskCredentialsInText(body);
  assert.ok(masked.startsWith('{"access_token":"********","data":"BBBB'));
  assert.equal(masked.length, body.length - 8 * 1024 * 1024 + 8);
});
