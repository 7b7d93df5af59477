/**
 * The one way the CLI reads an HTTP body into memory: a request its own listeners receive (an
 * IncomingMessage) or an answer its clients get (a fetch body), both async-iterable byte streams.
 * Each caller sets its own limit and words its own refusal; this only counts bytes and stops.
 */

/** The body passed its limit; what was read is dropped and the stream is not read further. */
export class BodyTooLargeError extends RangeError {
  constructor(readonly limitBytes: number) {
    super(`body larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * The whole body as UTF-8 text, refused with BodyTooLargeError once it passes limitBytes, or up
 * front when its declared length (Content-Length) already does. The rest is never buffered:
 * leaving the loop early cancels a fetch body and stops reading an IncomingMessage.
 */
export async function readBoundedText(
  body: AsyncIterable<Uint8Array> | null | undefined,
  limitBytes: number,
  declaredLength?: string | null,
): Promise<string> {
  if (Number(declaredLength ?? 0) > limitBytes) {
    await cancel(body);
    throw new BodyTooLargeError(limitBytes);
  }
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limitBytes) throw new BodyTooLargeError(limitBytes);
    chunks.push(chunk);
  }
  // Decoded once, whole: a character split across two chunks stays one character.
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Stops a fetch body from downloading. An IncomingMessage is left alone: destroying it would close
 * the socket before the listener can answer, and Node discards an unread request body itself.
 */
async function cancel(body: AsyncIterable<Uint8Array> | null | undefined): Promise<void> {
  const stream = body as { cancel?: () => Promise<void> } | null | undefined;
  if (typeof stream?.cancel === 'function') await stream.cancel().catch(() => undefined);
}
