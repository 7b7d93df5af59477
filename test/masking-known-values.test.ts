import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64Cores, createRunMasker, textForms } from '../src/run/masking.js';
import { assertNowhere, basicForms, encodedForms } from './support/leaks.js';

/*
 * The run masker finds known values with a hash of a sliding window (src/run/masking.ts). These
 * tests hold it to the obvious definition: at each position, the longest form of a known value
 * that starts there becomes the mask, and the search goes on after it.
 */

const MASK = '********';

/** A character of base64 or base64url. */
const BASE64_CHARACTER = /[A-Za-z0-9+/_-]/;

function obviousMask(text: string, values: readonly string[]): string {
  const forms = values.flatMap(textForms);
  const cores = values.flatMap(base64Cores);
  let result = '';
  for (let i = 0; i < text.length; ) {
    const longest = forms.filter((form) => text.startsWith(form, i)).sort((a, b) => b.length - a.length)[0];
    if (!longest) {
      result += text[i];
      i += 1;
      continue;
    }
    // A base64 core takes with it the characters beside it that carry its value's first and last
    // bytes, back to the mask before it at most (whose characters are not base64).
    const core = cores.find((candidate) => candidate.text === longest);
    let before = 0;
    while (core && before < core.before && before < result.length && BASE64_CHARACTER.test(result.at(-1 - before)!)) before += 1;
    result = result.slice(0, result.length - before) + MASK;
    i += longest.length;
    for (let after = 0; core && after < core.after && i < text.length && BASE64_CHARACTER.test(text[i]!); after += 1) i += 1;
  }
  return result;
}

/** A masker that knows only `values` (no client secret, so no Basic forms). */
function maskerKnowing(values: readonly string[]) {
  const masker = createRunMasker({ clientId: '', clientSecret: '' });
  values.forEach(masker.learn);
  return masker;
}

const cases: { name: string; values: string[]; text: string }[] = [
  { name: 'overlapping values: the leftmost wins', values: ['abcdefghijkl', 'ghijklmnopqr'], text: 'xxabcdefghijklmnopqrxx' },
  {
    name: 'a value that is a prefix of another: the longer wins',
    values: ['secretvalue1', 'secretvalue1-longer'],
    text: 'a secretvalue1-longer b secretvalue1-long c',
  },
  { name: 'at the very start and the very end', values: ['token-12345'], text: 'token-12345 middle token-12345' },
  { name: 'the whole text', values: ['token-12345'], text: 'token-12345' },
  { name: 'one character short at the end', values: ['token-12345'], text: 'x token-1234' },
  { name: 'repeated and adjacent occurrences', values: ['repeat-me'], text: 'repeat-merepeat-me repeat-me!repeat-merepeat-m' },
  { name: 'a value that overlaps itself', values: ['aaaaaaaaa'], text: 'a'.repeat(30) },
  {
    name: 'multi-byte text: accents, symbols and surrogate pairs',
    values: ['pässwörd✓🔑x', '🔑🔑🔑🔑🔑'],
    text: '🙂 pässwörd✓🔑x🙂🔑🔑🔑🔑🔑🔑 é',
  },
  {
    name: 'every encoding of a value with symbols',
    values: ['p@ss w/rd&"<>=+é'],
    text: `raw p@ss w/rd&"<>=+é url ${encodeURIComponent('p@ss w/rd&"<>=+é')} json ${JSON.stringify('p@ss w/rd&"<>=+é')} b64 ${Buffer.from('xyp@ss w/rd&"<>=+é').toString('base64')}`,
  },
  // "Aa" and "BB" hash alike with base 31: the same window hash must still compare the text.
  {
    name: 'a window with the same hash but other characters',
    values: ['AaAaAaAa-secret'],
    text: 'BBBBBBBB-secret AaBBAaBB-secret AaAaAaAa-secret',
  },
  { name: 'texts shorter than the shortest value', values: ['12345678'], text: '1234567' },
];

for (const { name, values, text } of cases) {
  test(`known values, as the obvious definition: ${name}`, () => {
    assert.equal(maskerKnowing(values).knownValues(text), obviousMask(text, values));
  });
}

test('known values: the hash-collision case really collides, and masks only the real value', () => {
  const masked = maskerKnowing(['AaAaAaAa-secret']).knownValues('BBBBBBBB-secret AaAaAaAa-secret');
  assert.equal(masked, `BBBBBBBB-secret ${MASK}`);
});

test('known values learned between two texts are masked from then on, as the obvious definition', () => {
  const masker = maskerKnowing(['first-secret']);
  const text = 'first-secret then second-secret-longer';
  assert.equal(masker.knownValues(text), obviousMask(text, ['first-secret']));
  masker.learn('second-secret');
  masker.learn('second-secret-longer');
  assert.equal(masker.knownValues(text), obviousMask(text, ['first-secret', 'second-secret', 'second-secret-longer']));
});

test('known values on random texts over a small alphabet agree with the obvious definition', () => {
  let seed = 42;
  const random = (below: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % below;
  };
  const alphabet = ['a', 'b', 'é', '🔑', '%', ' '];
  const word = (length: number) => Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
  for (let round = 0; round < 300; round += 1) {
    const values = Array.from({ length: 1 + random(4) }, () => word(8 + random(6)));
    const text = Array.from({ length: 6 }, () => (random(2) === 0 ? values[random(values.length)]! : word(random(12)))).join(
      word(random(3)),
    );
    assert.equal(
      maskerKnowing(values).knownValues(text),
      obviousMask(text, values),
      `values ${JSON.stringify(values)}, text ${JSON.stringify(text)}`,
    );
    assert.deepEqual(
      maskerKnowing(values).bytes(binaryBody(text)),
      binaryBody(obviousMask(text, values)),
      `as bytes: values ${JSON.stringify(values)}, text ${JSON.stringify(text)}`,
    );
  }
});

/*
 * A value inside a longer base64 text: every character whose 6 bits hold any of the value's bits
 * is masked (RFC 4648 §4: character k holds bits 6k to 6k+5 of the data), and no other.
 */
test('inside base64, at every alignment and length, no character that holds a bit of the value is left, and every other one is', () => {
  for (const secret of ['s3cr3t-v', 's3cr3t-va', 's3cr3t-val', 's3cr3t-valu', 's3cr3t-value', 'pässwörd✓']) {
    const masker = maskerKnowing([secret]);
    for (let prefix = 0; prefix < 6; prefix += 1) {
      for (let suffix = 0; suffix < 6; suffix += 1) {
        const bytes = Buffer.concat([
          Buffer.from('<~>?'.repeat(2).slice(0, prefix)),
          Buffer.from(secret),
          Buffer.alloc(suffix, 0xfb),
        ]);
        const secretLength = Buffer.byteLength(secret);
        const firstHeld = Math.floor((8 * prefix) / 6);
        const pastLastHeld = Math.ceil((8 * (prefix + secretLength)) / 6);
        for (const encoding of ['base64', 'base64url'] as const) {
          const encoded = bytes.toString(encoding);
          const expected = `${encoded.slice(0, firstHeld)}${MASK}${encoded.slice(pastLastHeld)}`;
          const where = `${encoding}, ${prefix} bytes before ${JSON.stringify(secret)}, ${suffix} after`;
          assert.equal(masker.knownValues(`"${encoded}"`), `"${expected}"`, where);
          assert.deepEqual(masker.bytes(binaryBody(encoded)), binaryBody(expected), `as bytes: ${where}`);
        }
      }
    }
  }
});

/*
 * A body that is not UTF-8 is masked by bytes (masker.bytes). Framed by bytes no form holds
 * (0xff, 0xfe), the text in between must come out exactly as the text path masks it.
 */
const NOT_UTF8_START = Buffer.from([0xff, 0xfe, 0x00]);
const NOT_UTF8_END = Buffer.from([0x00, 0xfe, 0xff]);

function binaryBody(text: string): Buffer {
  return Buffer.concat([NOT_UTF8_START, Buffer.from(text, 'utf8'), NOT_UTF8_END]);
}

for (const { name, values, text } of cases) {
  test(`known values in a body that is not UTF-8, as the obvious definition: ${name}`, () => {
    assert.deepEqual(maskerKnowing(values).bytes(binaryBody(text)), binaryBody(obviousMask(text, values)));
  });
}

test('a body that is not UTF-8 loses every form of the secret, its Basic credentials and a repeated token, and keeps its other bytes', () => {
  const clientId = 'client-app';
  const clientSecret = 's3cr3t/value+x=y-z';
  const token = 'eyJhbGciOi.token-value';
  const masker = createRunMasker({ clientId, clientSecret });
  masker.learn(token);
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
  const parts = [
    ['raw ', clientSecret],
    [' percent ', encodeURIComponent(clientSecret)],
    [' base64 ', Buffer.from(clientSecret).toString('base64')],
    [' Authorization: Basic ', basic],
    ...Array.from({ length: 2000 }, (_, i) => [i % 2 === 0 ? '\u0000' : '', token]),
  ];
  const body = (masked: boolean) =>
    Buffer.concat([
      NOT_UTF8_START,
      ...parts.map(([around, value]) => Buffer.from(around! + (masked ? MASK : value!), 'utf8')),
      NOT_UTF8_END,
    ]);

  const masked = masker.bytes(body(false));

  assertNowhere([{ name: 'masked body', text: masked.toString('latin1') }], {
    'the client secret': [...encodedForms(clientSecret), Buffer.from(clientSecret).toString('base64')],
    'the Basic credentials': basicForms(clientId, clientSecret),
    'the token': encodedForms(token),
  });
  assert.deepEqual(masked, body(true));
});

test('Basic credentials are known in every form a client may encode them, in text and in bytes, wherever they appear', () => {
  // A space and the characters only URLSearchParams escapes make the encodings differ (the collection sends %20).
  const clientId = 'client app';
  const clientSecret = "se!cret'(x) *y";
  const masker = createRunMasker({ clientId, clientSecret });
  const forms = basicForms(clientId, clientSecret);
  assert.equal(forms.length, 4, 'raw, %20, + and URLSearchParams differ for these values');
  // Not after `Basic `: only a known value can be masked there (an echo, a log line, a body).
  const text = forms.map((form, index) => `echo ${index}: ${form};`).join('\n');
  const places = [
    { name: 'text', text: masker.text(text) },
    { name: 'bytes', text: masker.bytes(Buffer.concat([NOT_UTF8_START, Buffer.from(text), NOT_UTF8_END])).toString('latin1') },
  ];
  assertNowhere(places, { 'the Basic credentials': forms });
});
