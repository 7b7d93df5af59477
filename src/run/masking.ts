/**
 * Masking in Newman runs. The client secret and every access token of a run must not reach the
 * console, a report or a file, in any form. No output path is trusted to remember that, so the
 * masking sits where every path has to pass:
 *
 * 1. At the source (masking-membrane.ts). Reporters, Newman's own (cli, junit, json) and any
 *    other (htmlextra), see a run only through the arguments of the emitter's events and through
 *    `emitter.summary`. The runner hands them a membrane instead: proxies that mask every value as
 *    it is read. By position, whatever the value's length: a header, form field, query parameter,
 *    JSON field or variable whose name says credential (isCredentialName), every secret-typed
 *    variable, and every response body (its bytes decoded, masked, encoded again). By text, every
 *    other string. SDK methods run on the proxy too, so `url.toString()`, `headers.get()`,
 *    `response.text()` and `toJSON()` only ever see masked values: a new reporter cannot read
 *    around it.
 * 2. At the sinks (masked-newman.ts): process.stdout and process.stderr, which Newman's CLI
 *    reporter and warnings write to directly, and the reports: the runner takes their contents
 *    from Newman's export queue and writes them itself, masked, so no file (not even a temporary
 *    one) ever holds a secret.
 * 3. What is known: the client secret and its Basic forms from the start, and every token the run
 *    sends or receives, learned from the raw events before any listener sees them.
 *
 * By text, only values of MIN_TEXT_LENGTH or more are masked, in every form they take in output:
 * raw, URL- and form-encoded, JSON- and HTML-escaped, inside base64, and as the byte arrays of the
 * JSON report. A shorter secret replaced wherever it occurs would garble ordinary words ("wrong"
 * in "the client id or secret is wrong"), so short values are masked by position only.
 */
import { SECRET_VARIABLES } from '../config/variables.js';
import { REDACTED, credentialsInText, isCredentialName, maskCredentialsInText } from '../util/mask-credentials.js';

const MIN_TEXT_LENGTH = 8;

export interface RunMasker {
  /** Credentials by position in the text, then every known value of MIN_TEXT_LENGTH or more. */
  text(value: string): string;
  /** Only the known values: for a report's own markup and scripts, whose words are not to be judged by position. */
  knownValues(value: string): string;
  /** A body: text masked as text, binary content by the bytes of every form of its known values. */
  bytes(value: Buffer): Buffer;
  /** The JSON report's byte arrays (`"data": [123, 34, …]`), masked as the bodies they hold. */
  byteArrays(json: string): string;
  /** isSecretVariable, with the names the run's environment types secret counted as secret wherever they appear. */
  isSecretVariable(variable: VariableLike): boolean;
  /** A value to mask from now on (a token sent or received); ignored when empty. */
  learn(value: unknown): void;
  /** Learns the credentials that sit at known positions in a text (a token response, a form body). */
  learnFromText(text: string): void;
  /** Changes whenever a value is learned: masked copies made before are stale. */
  readonly version: number;
}

export interface RunMaskerOptions {
  clientId: string;
  clientSecret: string;
  /** Other values known up front (a browser sign-in token, secret-typed environment values). */
  secrets?: readonly string[];
  /** Names of the environment's secret-typed variables: a collection or global variable of the same name is secret too. */
  secretVariables?: readonly string[];
}

/** A variable as Postman's formats hold it: an environment value, a collection or global variable. */
export interface VariableLike {
  key?: unknown;
  type?: unknown;
  secret?: unknown;
}

/**
 * The one rule for "this variable's value is secret", for the values learned before a run, the
 * variables read at its end and every variable a reporter reads: typed secret (Postman's
 * `type: "secret"`, the collection SDK's `secret: true`), one of the generated environment's secret
 * variables (SECRET_VARIABLES), or named as a credential (isCredentialName: apiKey, password, …),
 * whatever its type. `secretNames` adds names known secret from elsewhere.
 */
export function isSecretVariable(variable: VariableLike, secretNames: ReadonlySet<string> = NO_NAMES): boolean {
  if (variable.type === 'secret' || variable.secret === true) return true;
  const { key } = variable;
  return typeof key === 'string' && (SECRET_VARIABLES.has(key) || secretNames.has(key) || isCredentialName(key));
}

const NO_NAMES: ReadonlySet<string> = new Set();

export function createRunMasker(options: RunMaskerOptions): RunMasker {
  const known = new Set<string>();
  /** Forms of known values by the hash of their first MIN_TEXT_LENGTH characters (windowHash), longest first. */
  const forms = new Map<number, MaskForm[]>();
  /** The same forms as UTF-8 bytes, for bodies that are not text. */
  const formBytes: BinaryForm[] = [];
  /** Whether any form's hash has these low 16 bits: most positions end at this one array read. */
  const maybe = new Uint8Array(1 << 16);
  const secretVariables = new Set(options.secretVariables ?? []);
  let version = 0;

  const learn = (value: unknown) => {
    if (typeof value !== 'string' || value === '' || value === REDACTED || known.has(value)) return;
    known.add(value);
    if (value.length < MIN_TEXT_LENGTH) return;
    version += 1;
    for (const form of maskForms(value)) {
      const hash = windowHash(form.text, 0);
      maybe[hash & 0xffff] = 1;
      const bucket = forms.get(hash) ?? [];
      if (bucket.some((other) => other.text === form.text)) continue;
      bucket.push(form);
      bucket.sort((a, b) => b.text.length - a.text.length);
      forms.set(hash, bucket);
      formBytes.push({ bytes: Buffer.from(form.text, 'utf8'), core: form.core });
    }
  };

  /**
   * At each position, the longest form that starts there, and on after it. The window of
   * MIN_TEXT_LENGTH characters is hashed as it slides (one multiplication per character), so a
   * position costs a lookup whatever the number of forms, and only a hash that some form's start
   * shares leads to comparing text.
   */
  const maskKnown = (text: string) => {
    const last = text.length - MIN_TEXT_LENGTH;
    if (forms.size === 0 || last < 0) return text;
    let result = '';
    let copiedUpTo = 0;
    let hash = windowHash(text, 0);
    for (let i = 0; ; ) {
      const form = maybe[hash & 0xffff] === 1 ? formAt(text, i, forms.get(hash)) : undefined;
      if (form) {
        const [start, end] = widenOverBase64Edges(text, i, i + form.text.length, copiedUpTo, form.core);
        result += text.slice(copiedUpTo, start) + REDACTED;
        i = end;
        copiedUpTo = i;
        if (i > last) break;
        hash = windowHash(text, i);
      } else {
        if (i === last) break;
        hash =
          (Math.imul(hash - Math.imul(text.charCodeAt(i), HASH_LEADING), HASH_BASE) + text.charCodeAt(i + MIN_TEXT_LENGTH)) | 0;
        i += 1;
      }
    }
    return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo);
  };

  const text = (value: string) => maskKnown(maskCredentialsInText(value));

  const bytes = (value: Buffer) => {
    const decoded = value.toString('utf8');
    if (Buffer.from(decoded, 'utf8').equals(value)) {
      const masked = text(decoded);
      return masked === decoded ? value : Buffer.from(masked, 'utf8');
    }
    return maskBinary(value, formBytes);
  };

  learn(options.clientSecret);
  for (const form of basicCredentials(options.clientId, options.clientSecret)) learn(form);
  for (const secret of options.secrets ?? []) learn(secret);

  return {
    text,
    knownValues: maskKnown,
    bytes,
    byteArrays: (json) => json.replace(BYTE_ARRAY, (match, numbers: string) => maskByteArray(match, numbers, bytes)),
    isSecretVariable: (variable) => isSecretVariable(variable, secretVariables),
    learn,
    learnFromText: (value) => credentialsInText(value).forEach(learn),
    get version() {
      return version;
    },
  };
}

/**
 * RFC 7617 `id:secret` in base64, and RFC 6749 §2.3.1's form-encoded variant in each way a client
 * may encode it (the collection uses encodeURIComponent, %20 for a space; others + or URLSearchParams).
 */
function basicCredentials(clientId: string, clientSecret: string): string[] {
  if (!clientSecret) return [];
  const basic = (id: string, secret: string) => Buffer.from(`${id}:${secret}`).toString('base64');
  return [
    ...new Set([
      basic(clientId, clientSecret),
      ...PERCENT_ENCODINGS.map((encode) => basic(encode(clientId), encode(clientSecret))),
    ]),
  ];
}

const BYTE_ARRAY = /"type"\s*:\s*"Buffer"\s*,\s*"data"\s*:\s*\[([\d,\s]*)\]/g;

/** `[\n 123,\n 34\n ]` → the same layout around the masked body's bytes. */
function maskByteArray(match: string, numbers: string, bytes: (value: Buffer) => Buffer): string {
  const body = Buffer.from((numbers.match(/\d+/g) ?? []).map(Number));
  const masked = bytes(body);
  if (masked === body) return match;
  const [, lead = '', trail = ''] = /^(\s*)[\s\S]*?(\s*)$/.exec(numbers) ?? [];
  const separator = /\d(\D+)\d/.exec(numbers)?.[1] ?? ',';
  return `${match.slice(0, match.length - numbers.length - 1)}${lead}${[...masked].join(separator)}${trail}]`;
}

/** The longest of the candidates (longest first) that starts at `position`. */
function formAt(text: string, position: number, candidates: readonly MaskForm[] | undefined): MaskForm | undefined {
  return candidates?.find((candidate) => text.startsWith(candidate.text, position));
}

const HASH_BASE = 31;
/** HASH_BASE to the power MIN_TEXT_LENGTH − 1: the weight of the character that leaves the window. */
const HASH_LEADING = (HASH_BASE ** (MIN_TEXT_LENGTH - 1)) | 0;

/** A polynomial hash (mod 2³²) of the MIN_TEXT_LENGTH UTF-16 code units from `start`. */
function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + MIN_TEXT_LENGTH; i += 1) hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(i)) | 0;
  return hash;
}

/** The ways a value is percent-encoded: plain, form-encoded with + for a space, and as URLSearchParams writes it. */
const PERCENT_ENCODINGS: ((value: string) => string)[] = [
  encodeURIComponent,
  (value) => encodeURIComponent(value).replace(/%20/g, '+'),
  (value) => new URLSearchParams([['', value]]).toString().slice(1),
];

/** A form of a known value; a base64 core also says how far its value's bits reach beside it. */
interface MaskForm {
  text: string;
  core?: Base64Core | undefined;
}

/** A form as UTF-8 bytes, for bodies that are not text. */
interface BinaryForm {
  bytes: Buffer;
  core?: Base64Core | undefined;
}

/** Every form a value takes in Newman's output and reports. */
export function textForms(value: string): string[] {
  return maskForms(value).map((form) => form.text);
}

/** textForms, each once, with its base64 core where it is one. */
function maskForms(value: string): MaskForm[] {
  const percent = PERCENT_ENCODINGS.map((encode) => encode(value));
  const encodings = [value, ...percent, ...percent.map((form) => form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()))];
  const escapes = (form: string) => {
    const json = jsonEscape(form);
    return [form, json, jsonEscape(json), ...htmlEscapes(form), ...htmlEscapes(json)];
  };
  const byText = new Map<string, MaskForm>();
  for (const text of encodings.flatMap(escapes)) if (!byText.has(text)) byText.set(text, { text });
  for (const core of base64Cores(value)) if (!byText.get(core.text)?.core) byText.set(core.text, { text: core.text, core });
  return [...byText.values()].filter((form) => form.text.length >= MIN_TEXT_LENGTH);
}

function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** Handlebars (htmlextra), XML (JUnit) and numeric escapes. */
function htmlEscapes(value: string): string[] {
  const entities = [
    { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' },
    { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' },
    { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' },
  ] as Record<string, string>[];
  return entities.map((table) => value.replace(/[&<>"'`=]/g, (char) => table[char] ?? char));
}

/**
 * A value's base64 inside a longer base64 text: the characters it alone decides (the core), and
 * how many characters on each side also carry some of its bits, shared with the bytes around it.
 * A value that starts 1 byte into a 3-byte group shares the group's last 2 characters (the 8 bits
 * of its first byte span them), 2 bytes in its last 3; at the end, 1 byte left over spans the next
 * group's first 2 characters, 2 bytes its first 3 (RFC 4648 §4). Masking the core and these
 * leaves nothing of the value.
 */
export interface Base64Core {
  text: string;
  before: number;
  after: number;
}

/** base64's and base64url's characters: a core without + or / is the same text in both. */
const BASE64_CHARACTER = /[A-Za-z0-9+/_-]/;

/** The core of a value's base64 for each of the three alignments it can have (and in base64url), with its edges. */
export function base64Cores(value: string): Base64Core[] {
  const data = Buffer.from(value, 'utf8');
  const cores: Base64Core[] = [];
  for (let skip = 0; skip < 3; skip += 1) {
    const whole = Math.floor((data.length - skip) / 3) * 3;
    if (whole <= 0) continue;
    const core = data.subarray(skip, skip + whole).toString('base64');
    const leftOver = data.length - skip - whole;
    const before = skip === 0 ? 0 : skip + 1;
    const after = leftOver === 0 ? 0 : leftOver + 1;
    cores.push({ text: core, before, after }, { text: core.replace(/\+/g, '-').replace(/\//g, '_'), before, after });
  }
  return cores;
}

/**
 * [start, end) of a form found in a text, widened over the base64 characters beside it that carry
 * the value's bits (none for a form that is not a base64 core), never back over `notBefore` (the
 * end of the mask before it) nor over a character that is not base64.
 */
function widenOverBase64Edges(
  text: string,
  start: number,
  end: number,
  notBefore: number,
  core: Base64Core | undefined,
): [number, number] {
  if (!core) return [start, end];
  let widenedStart = start;
  while (widenedStart > notBefore && start - widenedStart < core.before && BASE64_CHARACTER.test(text[widenedStart - 1]!)) {
    widenedStart -= 1;
  }
  let widenedEnd = end;
  while (widenedEnd < text.length && widenedEnd - end < core.after && BASE64_CHARACTER.test(text[widenedEnd]!)) widenedEnd += 1;
  return [widenedStart, widenedEnd];
}

/**
 * maskKnown's rule on bytes: the leftmost form, the longest of those that start there, and on
 * after it. Each form's next occurrence is searched again only once a mask has passed it, so the
 * body is read about once per form, and the output is assembled once.
 */
function maskBinary(value: Buffer, forms: readonly BinaryForm[]): Buffer {
  const next = forms.map((form) => ({ form, at: value.indexOf(form.bytes) }));
  const parts: Buffer[] = [];
  let copiedUpTo = 0;
  for (;;) {
    let best: { form: BinaryForm; at: number } | undefined;
    for (const candidate of next) {
      if (candidate.at >= 0 && candidate.at < copiedUpTo) candidate.at = value.indexOf(candidate.form.bytes, copiedUpTo);
      if (candidate.at < 0) continue;
      if (!best || candidate.at < best.at || (candidate.at === best.at && candidate.form.bytes.length > best.form.bytes.length)) {
        best = candidate;
      }
    }
    if (!best) break;
    let [start, end] = [best.at, best.at + best.form.bytes.length];
    const { core } = best.form;
    if (core) {
      // Base64 is ASCII: around the core, its characters are the body's bytes one for one (latin1).
      const from = Math.max(copiedUpTo, start - core.before);
      const around = value.toString('latin1', from, Math.min(value.length, end + core.after));
      [start, end] = widenOverBase64Edges(around, start - from, end - from, 0, core).map((index) => index + from) as [
        number,
        number,
      ];
    }
    parts.push(value.subarray(copiedUpTo, start), REDACTED_BYTES);
    copiedUpTo = end;
  }
  return parts.length === 0 ? value : Buffer.concat([...parts, value.subarray(copiedUpTo)]);
}

const REDACTED_BYTES = Buffer.from(REDACTED, 'utf8');
