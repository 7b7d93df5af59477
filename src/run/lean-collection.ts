/**
 * The copy of the collection and environment that Newman runs: the same requests, scripts and
 * variables, without what only a reader needs. postman-runtime hands every script execution the
 * script's text, the request and every variable scope, so comments, indentation and descriptions
 * cross the sandbox bridge on every request (BENCHMARKS.md). The committed collection keeps its
 * documentation; this copy lives in memory for one run.
 *
 * - scripts: comments and whitespace out, where that provably changes nothing (lean-script.ts),
 *   and the sandbox's legacy globals off where the script provably needs none (sandbox2-marker.ts);
 * - descriptions of variables and environment values: out;
 * - descriptions of the collection, folders and requests: out, unless a report shows them
 *   (htmlextra renders them), so a run never reports less than the collection says.
 */
import type { PostmanEnvironment } from '../config/environment-file.js';
import { remembered } from '../util/remembered.js';
import { leanScript, stripScript } from './lean-script.js';

export interface LeanOptions {
  /** Keep the descriptions a report renders (collection, folders, requests). */
  keepReportedDescriptions: boolean;
  /** Strip scripts only, never mark them `'use sandbox2'` (the benchmark's diagnostic). */
  legacySandbox?: boolean;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/*
 * Lean scripts by their text, for the whole process: the same few scripts recur in every request
 * and every run, and parsing each twice with acorn to prove the compact form equal costs ~35 ms a run.
 */
const rememberedLean = remembered<string>(500);
const rememberedStrip = remembered<string>(500);

/** A lean deep copy of a Collection v2.1 object; the argument is not changed. */
export function leanCollection(collection: object, options: LeanOptions): object {
  const copy = structuredClone(collection) as Json;
  const lean = (text: string) =>
    options.legacySandbox ? rememberedStrip(text, () => stripScript(text)) : rememberedLean(text, () => leanScript(text));
  if (isRecord(copy.info) && !options.keepReportedDescriptions) delete copy.info.description;
  leanContainer(copy, options, lean);
  return copy;
}

/** The environment without its values' descriptions (only a reader of the file needs them). */
export function leanEnvironment(environment: PostmanEnvironment): PostmanEnvironment {
  return { ...environment, values: environment.values.map(({ description: _description, ...value }) => value) };
}

/** The collection itself or one of its items (a folder or a request). */
function leanContainer(node: Json, options: LeanOptions, lean: (text: string) => string): void {
  for (const variable of records(node.variable)) delete variable.description;
  for (const event of records(node.event)) {
    const script = event.script;
    if (!isRecord(script)) continue;
    const exec = script.exec;
    const text = Array.isArray(exec) ? exec.join('\n') : typeof exec === 'string' ? exec : undefined;
    if (text === undefined) continue;
    // The sandbox runs the lines joined with line breaks (postman-collection's Script#toSource). A
    // script of comments only stays: the sandbox runs an empty one differently (not at all).
    const leaner = lean(text);
    if (leaner !== text && leaner !== '') script.exec = leaner.split('\n');
  }
  if (isRecord(node.request)) leanRequest(node.request, options);
  for (const item of records(node.item)) {
    if (!options.keepReportedDescriptions) delete item.description;
    leanContainer(item, options, lean);
  }
}

/** A request's own description, and those of its query, path variables, headers and form fields. */
function leanRequest(request: Json, options: LeanOptions): void {
  if (!options.keepReportedDescriptions) delete request.description;
  const url = request.url;
  const body = request.body;
  const lists = [
    request.header,
    isRecord(url) ? url.query : undefined,
    isRecord(url) ? url.variable : undefined,
    isRecord(body) ? body.urlencoded : undefined,
    isRecord(body) ? body.formdata : undefined,
  ];
  for (const entry of lists.flatMap(records)) delete entry.description;
}
