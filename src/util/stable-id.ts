import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from a name (in the spirit of RFC 9562 §5.5, SHA-1 based), so that
 * generating the collection twice gives identical bytes and Postman keeps recognising items
 * across re-imports.
 */
export function stableId(...parts: string[]): string {
  const hex = createHash('sha1')
    .update(['oauth-postman', ...parts].join('\u0000'))
    .digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
