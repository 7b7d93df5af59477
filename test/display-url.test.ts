import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayUrl } from '../src/util/display-url.js';

/* The Node clients show URLs with the collection's own describeUrl: credentials masked by position. */

test('a user name and password are left out, whatever their length', () => {
  assert.equal(displayUrl('https://user:pass@sso.example.com/as/token.oauth2'), 'https://sso.example.com/as/token.oauth2');
  assert.equal(displayUrl(new URL('http://a:b@127.0.0.1:3128')), 'http://127.0.0.1:3128/');
});

test("secret-looking query values are hidden by name (cloudsso's client_secret in the query), short ones too", () => {
  assert.equal(
    displayUrl('https://cloudsso.cisco.com/as/token.oauth2?grant_type=client_credentials&client_id=me&client_secret=wrong'),
    'https://cloudsso.cisco.com/as/token.oauth2?grant_type=client_credentials&client_id=me&client_secret=********',
  );
  assert.equal(displayUrl('https://x.example/wrong?api_key=1&note=wrong'), 'https://x.example/wrong?api_key=********&note=wrong');
});

test('text that is not a URL is masked the same way', () => {
  assert.equal(displayUrl('localhost:3128'), 'localhost:3128');
  assert.equal(displayUrl('ftp://me:pw@host/x?password=pw'), 'ftp://host/x?password=********');
});
