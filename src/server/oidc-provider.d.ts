/**
 * Minimal types for oidc-provider 8.x, which ships none (the community @types/oidc-provider
 * package tracks other major versions). Only what src/server/authorization-server.ts uses is
 * declared (and what interactions.ts / implicit-endpoint.ts use); see node_modules/oidc-provider/lib/helpers/defaults.js for the full configuration.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** What a model stores: token/session fields in snake or camel case, depending on the model. */
  export interface AdapterPayload {
    [field: string]: unknown;
    /** Set on tokens issued for a grant; `revokeByGrantId` must remove them all. */
    grantId?: string;
    /** Device flow: the code the user types in (`findByUserCode`). */
    userCode?: string;
    /** Sessions: looked up by `findByUid`. */
    uid?: string;
    /** Epoch seconds when a one-time artifact (authorization code...) was used. */
    consumed?: number;
  }

  /** The storage interface (one instance per model name: 'ClientCredentials', 'Session', ...). */
  export interface Adapter {
    /** `expiresIn`: seconds; undefined for models stored without a lifetime. */
    upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  /** The subset of a koa context the configuration helpers below touch. */
  export interface KoaContextish {
    type: string;
    body: unknown;
  }

  export interface ClientMetadata {
    client_id: string;
    /** 'native' makes loopback redirect URIs match on any port (RFC 8252 §7.3). */
    application_type?: 'web' | 'native';
    client_secret?: string;
    grant_types?: string[];
    response_types?: string[];
    redirect_uris?: string[];
    token_endpoint_auth_method?: string;
    id_token_signed_response_alg?: string;
    /** Space-separated scopes this client may request. */
    scope?: string;
  }

  export interface FeatureToggle {
    enabled: boolean;
  }

  export interface Configuration {
    adapter?: (modelName: string) => Adapter;
    clients?: ClientMetadata[];
    clientDefaults?: Partial<Omit<ClientMetadata, 'client_id'>>;
    clientBasedCORS?: (ctx: unknown, origin: string, client: unknown) => boolean;
    cookies?: { keys?: string[] };
    features?: {
      clientCredentials?: FeatureToggle;
      devInteractions?: FeatureToggle;
      introspection?: FeatureToggle & {
        allowedPolicy?: (ctx: unknown, client: unknown, token: unknown) => Promise<boolean>;
      };
      resourceIndicators?: FeatureToggle;
      revocation?: FeatureToggle;
      rpInitiatedLogout?: FeatureToggle;
    };
    findAccount?: (
      ctx: unknown,
      sub: string,
    ) => Promise<{ accountId: string; claims: () => Promise<{ sub: string }> } | undefined>;
    interactions?: { url?: (ctx: unknown, interaction: { uid: string }) => Promise<string> };
    jwks?: { keys: object[] };
    renderError?: (ctx: KoaContextish, out: Record<string, string>, error: Error) => Promise<void>;
    routes?: Partial<
      Record<
        | 'authorization'
        | 'backchannel_authentication'
        | 'code_verification'
        | 'device_authorization'
        | 'end_session'
        | 'introspection'
        | 'jwks'
        | 'pushed_authorization_request'
        | 'registration'
        | 'revocation'
        | 'token'
        | 'userinfo',
        string
      >
    >;
    /** Scopes the provider knows about (`openid` is always added). Others are silently dropped. */
    scopes?: string[];
    /** Lifetimes in seconds, per model. */
    ttl?: Partial<
      Record<
        | 'AccessToken'
        | 'AuthorizationCode'
        | 'BackchannelAuthenticationRequest'
        | 'ClientCredentials'
        | 'DeviceCode'
        | 'Grant'
        | 'IdToken'
        | 'Interaction'
        | 'RefreshToken'
        | 'Session',
        number
      >
    >;
  }

  /** An access token as stored (opaque format): `find` resolves it from the token value. */
  export interface StoredAccessToken {
    readonly clientId: string;
    readonly scope?: string;
    /** Epoch seconds. */
    readonly exp: number;
    /** `exp <= now`. `find()` alone accepts tokens up to `clockTolerance` (15 s) past `exp`. */
    readonly isExpired: boolean;
  }

  export interface TokenModel {
    find(value: string): Promise<StoredAccessToken | undefined>;
  }

  /** A registered client, as `Provider.Client.find` returns it. */
  export interface Client {
    readonly clientId: string;
    /** Exact match, or for native clients a loopback http URI on any port. */
    redirectUriAllowed(uri: string): boolean;
  }

  /** What `interactionDetails` returns for the login/consent pages. */
  export interface InteractionDetails {
    uid: string;
    params: Record<string, unknown>;
    prompt: {
      name: 'login' | 'consent' | string;
      details: {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
    };
    session?: { accountId: string };
    grantId?: string;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    save(): Promise<string>;
  }

  export type InteractionResult =
    | { login: { accountId: string } }
    | { consent: { grantId: string } }
    | { error: string; error_description?: string };

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    readonly AccessToken: TokenModel;
    readonly ClientCredentials: TokenModel;
    readonly Client: { find(id: string): Promise<Client | undefined> };
    readonly Grant: {
      new (fields: { accountId?: string; clientId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResult,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    /** The koa app's node request listener. */
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    /** Emitted when the token endpoint has produced a successful (200) response body. */
    on(event: 'grant.success', listener: (ctx: { body?: unknown }) => void): this;
  }
}
