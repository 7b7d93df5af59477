/**
 * The operations of the demo API that openapi/demo-api.yaml documents (beyond /me, which answers
 * with what the token grants): a public health check and a small notebook with a JSON body and a
 * path parameter. Pure: request in, answer out; each server keeps its own notebook.
 */

export interface DemoAnswer {
  status: number;
  body: unknown;
}

export interface Note {
  id: string;
  text: string;
  createdBy: string;
}

/** The `maxLength` of a note's text in openapi/demo-api.yaml, the source; test/demo-api.test.ts holds the two together. */
export const MAX_NOTE_LENGTH = 500;

/** One notebook per server, starting with one note so that `GET /notes/1` has something to find. */
export function newNotebook(): Note[] {
  return [{ id: '1', text: 'Welcome to the demo API.', createdBy: 'local-demo' }];
}

/** The public operation, answered before any token is looked at. */
export function publicRoute(method: string, path: string): DemoAnswer | undefined {
  if (method === 'GET' && path === '/health') return { status: 200, body: { status: 'ok' } };
  return undefined;
}

/**
 * The protected operations (the caller checked the token); undefined for anything else, which
 * keeps the demo's old behaviour of answering with what the token grants.
 */
export function protectedRoute(
  notebook: Note[],
  request: { method: string; path: string; body: string | undefined; clientId: string },
): DemoAnswer | undefined {
  const { method, path } = request;
  if (path === '/notes' && method === 'GET') return { status: 200, body: notebook };
  if (path === '/notes' && method === 'POST') return createNote(notebook, request.body, request.clientId);
  const encodedId = /^\/notes\/([^/]+)$/.exec(path)?.[1];
  if (encodedId !== undefined && method === 'GET') {
    const noteId = percentDecoded(encodedId);
    if (noteId === undefined) return badRequest('The note id in the path is not valid percent-encoding (RFC 3986 §2.1).');
    const note = notebook.find((entry) => entry.id === noteId);
    return note
      ? { status: 200, body: note }
      : { status: 404, body: { error: 'not_found', message: `There is no note ${noteId}.` } };
  }
  return undefined;
}

function createNote(notebook: Note[], body: string | undefined, clientId: string): DemoAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return badRequest('The body is not JSON.');
  }
  const text = (parsed as { text?: unknown } | null)?.text;
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_NOTE_LENGTH) {
    return badRequest(`"text" must be a string of 1 to ${MAX_NOTE_LENGTH} characters.`);
  }
  const note: Note = { id: String(notebook.length + 1), text, createdBy: clientId };
  notebook.push(note);
  return { status: 201, body: note };
}

/** undefined for a malformed escape (`%E0%A4%A`, `%ZZ`): the client's mistake, not the server's. */
function percentDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function badRequest(message: string): DemoAnswer {
  return { status: 400, body: { error: 'invalid_request', message } };
}
