import type { OpenApiDocument, SecuritySchemeObject } from './document.js';
import type { OAuthSettings, OperationModel } from './model.js';

/**
 * The document's OAuth 2.0 security scheme (OpenAPI "oauth2", RFC 6749 flows), as the environment
 * templates use it: the token endpoint of a clientCredentials flow (RFC 6749 §4.4), the
 * authorization endpoint of an implicit (§4.2) or authorizationCode (§4.1) flow, and the scopes
 * the selected operations need. The scheme is the first oauth2 scheme an operation requires,
 * else the first one declared. Undefined when the document declares none.
 */
export function oauthSettings(document: OpenApiDocument, operations: OperationModel[]): OAuthSettings | undefined {
  const schemes = Object.entries(document.components?.securitySchemes ?? {}).filter(([, scheme]) => scheme?.type === 'oauth2');
  if (schemes.length === 0) return undefined;
  const required = requiredSchemeNames(document, operations);
  const [schemeName, scheme] = schemes.find(([name]) => required.has(name)) ?? schemes[0]!;
  const flows = (scheme as SecuritySchemeObject).flows ?? {};
  return {
    schemeName,
    tokenUrl: absoluteUrl(flows.clientCredentials?.tokenUrl),
    authorizeUrl: absoluteUrl(flows.implicit?.authorizationUrl ?? flows.authorizationCode?.authorizationUrl),
    scopes: [...new Set(operations.flatMap((operation) => operation.scopes))].sort(),
  };
}

function requiredSchemeNames(document: OpenApiDocument, operations: OperationModel[]): Set<string> {
  const names = new Set<string>();
  for (const operation of operations) {
    const item = document.paths[operation.path];
    const security = item?.[operation.method.toLowerCase()]?.security ?? document.security ?? [];
    for (const requirement of security) for (const name of Object.keys(requirement)) names.add(name);
  }
  return names;
}

/** OpenAPI 3.1 allows URLs relative to the server; the environment needs absolute ones. */
function absoluteUrl(value: string | undefined): string | undefined {
  return value && /^https?:\/\//i.test(value) ? value : undefined;
}
