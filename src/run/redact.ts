import { readFile, writeFile } from 'node:fs/promises';

export const REDACTED = '********';

/**
 * The forms in which a secret can appear in a request as Newman prints or reports it: as is,
 * URL-encoded (query mode puts it in the URL) and inside HTTP Basic credentials.
 */
export function secretForms(clientId: string, clientSecret: string): string[] {
  if (clientSecret.length < 4) return [];
  const basic = (id: string, secret: string) => Buffer.from(`${id}:${secret}`).toString('base64');
  const forms = [
    clientSecret,
    encodeURIComponent(clientSecret),
    encodeURIComponent(clientSecret).replace(/%20/g, '+'),
    basic(encodeURIComponent(clientId), encodeURIComponent(clientSecret)),
    basic(clientId, clientSecret),
  ];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(REDACTED);
  return result;
}

/**
 * Newman's CLI reporter writes straight to process.stdout and prints request URLs, which carry
 * the secret when clientAuth is `query`. For the length of a run, stdout passes through the
 * redactor; the returned function restores it.
 */
export function redactStdout(secrets: readonly string[]): () => void {
  if (secrets.length === 0) return () => {};
  const original = process.stdout.write;
  const patched = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : chunk;
    return (original as (...args: unknown[]) => boolean).call(
      this,
      typeof text === 'string' ? redact(text, secrets) : text,
      ...rest,
    );
  };
  process.stdout.write = patched as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
  };
}

/** Reports are redacted before they are moved into place, so no complete report ever holds a secret. */
export async function redactFile(path: string, secrets: readonly string[]): Promise<void> {
  if (secrets.length === 0) return;
  const text = await readFile(path, 'utf8');
  const cleaned = redact(text, secrets);
  if (cleaned !== text) await writeFile(path, cleaned);
}
