import sdk from 'postman-collection';
import type { ApiRequestConfig, ProjectConfig } from '../config/project-config.js';
import { ENVIRONMENT_VARIABLES, VARIABLE_DEFAULTS, VARIABLE_DESCRIPTIONS } from '../config/variables.js';
import { stableId } from '../util/stable-id.js';
import {
  API_FOLDER_DESCRIPTION,
  BROWSER_SIGN_IN_DESCRIPTION,
  BROWSER_SIGN_IN_FOLDER_DESCRIPTION,
  TOKEN_FOLDER_DESCRIPTION,
  collectionDescription,
} from './descriptions.js';
import { openApiFolders } from '../openapi/build-items.js';
import type { FolderModel } from '../openapi/model.js';
import type { SandboxScripts } from './sandbox-scripts.js';

import {
  API_FOLDER_NAME,
  BROWSER_SIGN_IN_FOLDER_NAME,
  BROWSER_SIGN_IN_REQUEST_NAME,
  TOKEN_FOLDER_NAME,
  TOKEN_REQUEST_NAME,
} from './item-names.js';

export * from './item-names.js';

type CollectionJson = ReturnType<sdk.Collection['toJSON']>;

/**
 * The whole collection, as plain data: config and script texts in, Collection v2.1.0 JSON out.
 * Every id is derived from names, so the output is byte-for-byte reproducible.
 */
export function buildCollection(config: ProjectConfig, scripts: SandboxScripts, openapi?: FolderModel[]): CollectionJson {
  const id = (...parts: string[]) => stableId(config.collection.name, ...parts);
  const script = (listen: 'prerequest' | 'test', owner: string, text: string) => ({
    listen,
    script: { id: id('script', owner, listen), type: 'text/javascript', exec: text.split('\n') },
  });
  const markdown = (content: string) => ({ content, type: 'text/markdown' });
  const variables = collectionVariables(config);
  const reserved = new Set(variables.map((variable) => variable.key));
  // Operations of the OpenAPI document come after the requests declared by hand, one folder per tag.
  const generated = openApiFolders(openapi ?? [], { id, script, markdown, contractTest: scripts.contractTest }, reserved);
  const apiFolder = {
    id: id('folder', API_FOLDER_NAME),
    name: API_FOLDER_NAME,
    description: markdown(API_FOLDER_DESCRIPTION),
    item: config.requests.map((request) => apiItem(request, id, scripts.apiRequestTest, script, markdown)),
  };

  const tokenRequest = {
    id: id('item', TOKEN_FOLDER_NAME, TOKEN_REQUEST_NAME),
    name: TOKEN_REQUEST_NAME,
    // The request carries the client secret, which goes to tokenUrl only: a redirect is not
    // followed (a 307/308 would send the body again, RFC 9700 §4.12), the test script reports it.
    // An item's own setting wins over the collection's; in the Postman app it is this request's
    // "Automatically follow redirects".
    protocolProfileBehavior: { followRedirects: false },
    request: {
      method: 'POST',
      url: '{{tokenUrl}}',
      auth: { type: 'noauth' },
      header: [
        { key: 'Content-Type', value: 'application/x-www-form-urlencoded' },
        { key: 'Accept', value: 'application/json' },
      ],
      body: {
        mode: 'urlencoded',
        urlencoded: [
          { key: 'grant_type', value: 'client_credentials' },
          { key: 'client_id', value: '{{clientId}}' },
          { key: 'client_secret', value: '{{clientSecret}}' },
          { key: 'scope', value: '{{scope}}' },
        ],
      },
      description: markdown('The pre-request script adapts this request to `clientAuth` and drops an empty `scope`.'),
    },
    event: [
      script('prerequest', 'token-request', scripts.tokenRequestPrerequest),
      script('test', 'token-request', scripts.tokenRequestTest),
    ],
  };

  const collection = new sdk.Collection({
    info: {
      id: id('collection'),
      name: config.collection.title,
      description: markdown(collectionDescription(config)),
    },
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{accessToken}}', type: 'string' }] },
    // Requests follow redirects as they always did, inherited from here, also where a run turns
    // following off for the refresh's pm.sendRequest, which only that run-wide setting reaches
    // (Newman's ignoreRedirects, the app's "Automatically follow redirects"; newman-runner.ts).
    protocolProfileBehavior: { followRedirects: true },
    // No collection-level test script: each script execution costs the sandbox a fixed ~15 ms per request.
    event: [script('prerequest', 'collection', scripts.collectionPrerequest)],
    variable: [
      ...variables,
      ...generated.variables.map((variable) => ({ id: id('variable', variable.key), ...variable, type: 'string' })),
    ],
    item: [
      // First: after the app's sign-in, a whole-collection run (Collection Runner) adopts its token
      // before the requests that need it. Runners without that token skip it (sign-in-prerequest.js).
      {
        id: id('folder', BROWSER_SIGN_IN_FOLDER_NAME),
        name: BROWSER_SIGN_IN_FOLDER_NAME,
        description: markdown(BROWSER_SIGN_IN_FOLDER_DESCRIPTION),
        item: [
          browserSignInItem(config, id, markdown, [
            script('prerequest', 'sign-in', scripts.signInPrerequest),
            script('test', 'sign-in', scripts.signInTest),
          ]),
        ],
      },
      {
        id: id('folder', TOKEN_FOLDER_NAME),
        name: TOKEN_FOLDER_NAME,
        description: markdown(TOKEN_FOLDER_DESCRIPTION),
        item: [tokenRequest],
      },
      ...(apiFolder.item.length > 0 || generated.items.length === 0 ? [apiFolder] : []),
      ...generated.items,
    ],
  } as ConstructorParameters<typeof sdk.Collection>[0]);

  return withRawUrls(collection.toJSON());
}

function apiItem(
  request: ApiRequestConfig,
  id: (...parts: string[]) => string,
  testScript: string,
  script: (listen: 'prerequest' | 'test', owner: string, text: string) => object,
  markdown: (content: string) => object,
) {
  const expectStatus = request.expectStatus ?? 200;
  const body =
    request.body === undefined ? undefined : { mode: 'raw', raw: request.body, options: { raw: { language: 'json' } } };
  return {
    id: id('item', API_FOLDER_NAME, request.name),
    name: request.name,
    request: {
      method: request.method,
      url: `{{baseUrl}}${request.path}`,
      header: body ? [{ key: 'Content-Type', value: 'application/json' }] : [],
      ...(body ? { body } : {}),
      description: markdown(
        `${request.description ? `${request.description.trim()}\n\n` : ''}Expects **${expectStatus}**. Authorization: inherited Bearer token.`,
      ),
    },
    event: [script('test', `api-${request.name}`, `var EXPECTED_STATUS = ${expectStatus};\n\n${testScript}`)],
  };
}

/**
 * Postman's OAuth 2.0 helper set to the implicit grant (RFC 6749 §4.2) with the environment's
 * authorization URL, redirect URI and browser sign-in client id: "Get New Access Token" opens the sign-in and
 * takes the token from the redirect's fragment. It sends the first configured API request.
 */
function browserSignInItem(
  config: ProjectConfig,
  id: (...parts: string[]) => string,
  markdown: (content: string) => object,
  event: object[],
) {
  const first = config.requests[0];
  const oauth2 = (key: string, value: string | boolean) => ({
    key,
    value,
    type: typeof value === 'boolean' ? 'boolean' : 'string',
  });
  return {
    id: id('item', BROWSER_SIGN_IN_FOLDER_NAME, BROWSER_SIGN_IN_REQUEST_NAME),
    name: BROWSER_SIGN_IN_REQUEST_NAME,
    request: {
      method: first?.method ?? 'GET',
      url: `{{baseUrl}}${first?.path ?? ''}`,
      auth: {
        type: 'oauth2',
        oauth2: [
          oauth2('grant_type', 'implicit'),
          oauth2('authUrl', '{{authorizeUrl}}'),
          oauth2('redirect_uri', '{{redirectUri}}'),
          oauth2('clientId', '{{browserClientId}}'),
          oauth2('scope', '{{scope}}'),
          oauth2('tokenName', 'Browser sign-in'),
          oauth2('addTokenTo', 'header'),
          oauth2('headerPrefix', 'Bearer'),
          oauth2('useBrowser', false),
        ],
      },
      header: [],
      description: markdown(BROWSER_SIGN_IN_DESCRIPTION),
    },
    event,
  };
}

/**
 * Collection variables: the fallback when the Postman app has no environment selected. They hold
 * no values that differ between people or environments: those come from environments.
 */
function collectionVariables(config: ProjectConfig) {
  const defaults: Partial<Record<string, string>> = VARIABLE_DEFAULTS;
  return ENVIRONMENT_VARIABLES.map((key) => ({
    id: stableId(config.collection.name, 'variable', key),
    key,
    value: defaults[key] ?? '',
    type: 'string',
    description: VARIABLE_DESCRIPTIONS[key],
  }));
}

/** The SDK drops `raw` from URLs; Postman shows `raw` in its address bar, so put it back. */
function withRawUrls(json: CollectionJson): CollectionJson {
  const visit = (items: unknown[]) => {
    for (const item of items as { item?: unknown[]; request?: { url?: unknown } }[]) {
      if (item.item) visit(item.item);
      const url = item.request?.url;
      if (url && typeof url === 'object') {
        item.request!.url = { raw: new sdk.Url(url as sdk.UrlDefinition).toString(), ...(url as object) };
      }
    }
  };
  visit(json.item as unknown[]);
  return json;
}
