import assert from 'node:assert/strict';

/**
 * The forms a secret or token can take in output and files: as is, URL-encoded (a query or a form
 * body, with %20 or +), JSON-escaped, and for the client secret the base64 of HTTP Basic
 * credentials (`id:secret`, RFC 6749 §2.3.1 encodes both parts first).
 */
function leakForms(value: string, clientId?: string): string[] {
  const forms = [
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    JSON.stringify(value).slice(1, -1),
  ];
  if (clientId !== undefined) {
    forms.push(Buffer.from(`${clientId}:${value}`).toString('base64'));
    forms.push(Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(value)}`).toString('base64'));
  }
  return [...new Set(forms)];
}

/** Fails naming where and in which form a secret or token turned up. */
export function assertNoLeak(
  places: Record<string, string>,
  secrets: { clientId?: string; clientSecret?: string; tokens?: readonly string[] },
): void {
  const forms = [
    ...(secrets.clientSecret ? leakForms(secrets.clientSecret, secrets.clientId).map((form) => ['the client secret', form]) : []),
    ...(secrets.tokens ?? []).flatMap((token) => leakForms(token).map((form) => ['an issued token', form])),
  ];
  for (const [place, text] of Object.entries(places)) {
    for (const [what, form] of forms) {
      assert.ok(!text.includes(form!), `${what} appears in ${place} as "${form}"`);
    }
  }
}
