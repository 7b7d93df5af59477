// openapi-sampler 1.7.9 names ./src/types.d.ts in its package.json but does not ship it.
declare module 'openapi-sampler' {
  export interface SampleOptions {
    skipReadOnly?: boolean;
    skipWriteOnly?: boolean;
    skipNonRequired?: boolean;
    maxSampleDepth?: number;
    quiet?: boolean;
  }
  export function sample(schema: object, options?: SampleOptions, spec?: object): unknown;
}
