import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliRun } from './project.js';

/** One place a run wrote to, and what it holds. */
export interface Place {
  name: string;
  text: string;
}

/**
 * The forms a value takes in output and reports: raw, URL-encoded (%20 and +), JSON-escaped,
 * HTML-escaped (as Handlebars, XML and numeric entities do it).
 */
export function encodedForms(value: string): string[] {
  const percent = encodeURIComponent(value);
  const json = JSON.stringify(value).slice(1, -1);
  const html = (text: string, quote: string, apostrophe: string, equals = '=') =>
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, quote)
      .replace(/'/g, apostrophe)
      .replace(/=/g, equals);
  return [
    ...new Set([
      value,
      percent,
      percent.replace(/%20/g, '+'),
      new URLSearchParams([['', value]]).toString().slice(1),
      json,
      html(value, '&quot;', '&#x27;', '&#x3D;'),
      html(value, '&quot;', '&#x27;'),
      html(value, '&quot;', '&apos;'),
      html(value, '&#34;', '&#39;'),
      html(json, '&quot;', '&#x27;', '&#x3D;'),
    ]),
  ];
}

/**
 * `id:secret` in base64 (HTTP Basic): as RFC 7617 builds it (both parts as they are), and as RFC 6749
 * §2.3.1 does (both parts form-encoded first), with spaces as + or as %20, and with the characters
 * encodeURIComponent leaves alone but a form encoder escapes.
 */
export function basicForms(clientId: string, clientSecret: string): string[] {
  const percent = encodeURIComponent;
  const plus = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
  const form = (text: string) => new URLSearchParams([['', text]]).toString().slice(1);
  const base64 = (encode: (text: string) => string) =>
    Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64');
  return [...new Set([base64((text) => text), base64(percent), base64(plus), base64(form)])];
}

/** A run's console output, as places to search. */
export function consoleOf(result: { stdout: string; stderr: string }): Place[] {
  return [
    { name: 'stdout', text: result.stdout },
    { name: 'stderr', text: result.stderr },
  ];
}

/**
 * Everything a run wrote: its console output, every file under reports/ (hidden ones too), the
 * bodies the JSON report keeps as byte arrays, and any file it left in its temporary directory.
 */
export async function placesWritten(projectDir: string, result: CliRun): Promise<Place[]> {
  const places = consoleOf(result);
  const reportsDir = join(projectDir, 'reports');
  for (const name of await readdir(reportsDir).catch(() => [] as string[])) {
    const text = await readFile(join(reportsDir, name), 'utf8');
    places.push({ name: `reports/${name}`, text });
    if (name.endsWith('.json')) {
      const bodies = [...text.matchAll(/"type": "Buffer",\s*"data": \[([\d,\s]*)\]/g)].map((match) =>
        Buffer.from((match[1]!.match(/\d+/g) ?? []).map(Number)).toString('utf8'),
      );
      places.push({ name: `reports/${name} (bodies)`, text: bodies.join('\n') });
    }
  }
  for (const file of result.temporaryFiles) places.push({ name: `TMPDIR/${file.path}`, text: file.text });
  return places;
}

/** Fails naming the place and the form when any of `values` appears anywhere, in any form. */
export function assertNowhere(places: Place[], values: Record<string, string[]>): void {
  for (const [what, forms] of Object.entries(values)) {
    for (const form of forms) {
      for (const place of places) {
        assert.ok(!place.text.includes(form), `${place.name} contains ${what} (as ${JSON.stringify(form)})`);
      }
    }
  }
}
