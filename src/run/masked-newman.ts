import type { EventEmitter } from 'node:events';
import { MAX_ANSWER_BYTES } from '../token/http-client.js';
import { isCredentialName } from '../util/mask-credentials.js';
import { createMembrane } from './masking-membrane.js';
import type { RunMasker } from './masking.js';

/** A report as a reporter queued it for Newman to write (`emitter.exports`). */
export interface ReportExport {
  name?: string;
  path?: string;
  content: string;
}

/**
 * Puts a Newman run behind the masker (see masking.ts): learns every credential from the raw
 * events, then gives every listener, and every reader of `emitter.summary`, the masked view.
 * Reports queued for export are taken out of Newman's hands and returned by `reports()` for the
 * runner to write; they were made from masked data, and known values are masked once more in
 * their text (not by position: their markup and scripts are not data).
 */
export function maskNewmanRun(emitter: EventEmitter, masker: RunMasker): { reports(): ReportExport[] } {
  const membrane = createMembrane(masker);
  const reports: ReportExport[] = [];
  let rawSummary: unknown;
  Object.defineProperty(emitter, 'summary', {
    configurable: true,
    get: () => membrane.view(rawSummary),
    set: (value: unknown) => {
      rawSummary = value;
    },
  });
  const emit = emitter.emit.bind(emitter);
  emitter.emit = (name: string | symbol, ...args: unknown[]): boolean => {
    learnFrom(masker, name, args[1], rawSummary);
    const masked =
      name === 'console'
        ? [membrane.view(args[0]), consoleView(args[1], membrane), ...args.slice(2).map(membrane.view)]
        : args.map((arg) => membrane.view(arg));
    const handled = emit(name, ...masked);
    if (name === 'beforeDone') {
      // Reporters queue their files on beforeDone; Newman would write them right after.
      const queue = (emitter as unknown as { exports?: { path?: string; name?: string; content: unknown }[] }).exports ?? [];
      for (const entry of queue.splice(0)) {
        const content = typeof entry.content === 'string' ? entry.content : JSON.stringify(entry.content, null, 2);
        reports.push({ name: entry.name, path: entry.path, content: masker.byteArrays(masker.knownValues(content)) });
      }
    }
    return handled;
  };
  return { reports: () => reports };
}

function consoleView(event: unknown, membrane: ReturnType<typeof createMembrane>): unknown {
  if (!event || typeof event !== 'object') return membrane.view(event);
  const { messages, ...rest } = event as { messages?: unknown };
  return { ...membrane.view(rest), messages: membrane.copy(messages) };
}

interface RawRequest {
  url?: { toString(): string };
  headers?: { all?(): { key: string; value: unknown }[] };
  body?: { urlencoded?: { all?(): { key: string; value: unknown }[] }; raw?: unknown };
}

/** Credentials the run sends and receives, learned before any listener can print them. */
function learnFrom(masker: RunMasker, name: string | symbol, event: unknown, summary: unknown): void {
  const o = event as { request?: RawRequest; response?: { text?(): string; size?(): { body?: number } } } | undefined;
  if ((name === 'beforeRequest' || name === 'request') && o?.request) {
    const { request } = o;
    masker.learnFromText(String(request.url ?? ''));
    for (const header of request.headers?.all?.() ?? []) {
      if (isCredentialName(header.key)) learnCredentialHeader(masker, String(header.value));
    }
    for (const field of request.body?.urlencoded?.all?.() ?? []) {
      if (isCredentialName(field.key)) masker.learn(field.value);
    }
    if (typeof request.body?.raw === 'string') masker.learnFromText(request.body.raw);
  }
  // A token response is small; a large body is not scanned for credentials, only masked.
  if (name === 'request' && o?.response?.text && (o.response.size?.().body ?? 0) < MAX_ANSWER_BYTES) {
    masker.learnFromText(o.response.text());
  }
  if (name === 'beforeDone' && summary) {
    // The last token fetched may never have been sent.
    const { environment, globals, collection } = summary as RawSummary;
    const variables = [environment?.values, globals?.values, collection?.variables].flatMap((list) => list?.all?.() ?? []);
    for (const variable of variables) {
      if (masker.isSecretVariable(variable)) masker.learn(variable.value);
    }
  }
}

interface VariableList {
  all?(): { key: string; value: unknown; type?: string }[];
}
interface RawSummary {
  environment?: { values?: VariableList };
  globals?: { values?: VariableList };
  collection?: { variables?: VariableList };
}

/** `Bearer <token>` → the token; `Basic <base64>` → the base64 and the password inside it. */
function learnCredentialHeader(masker: RunMasker, value: string): void {
  const [scheme, credential] = value.trim().split(/\s+/, 2);
  if (!credential) return masker.learn(scheme);
  masker.learn(credential);
  if (/^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) masker.learn(decoded.slice(colon + 1));
  }
}

/**
 * process.stdout and process.stderr through the masker, for as long as the run's output lasts:
 * Newman's CLI reporter, Node's warnings and the CLI's own lines all write there. Returns the
 * function that restores them.
 */
export function maskProcessOutput(masker: RunMasker): () => void {
  const restore = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
      const masked = text === undefined ? chunk : masker.text(text);
      return (original as (...args: unknown[]) => boolean).call(this, masked, ...rest);
    } as typeof stream.write;
    return () => {
      stream.write = original;
    };
  });
  return () => restore.forEach((undo) => undo());
}
