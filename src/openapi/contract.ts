import type { JsonSchema, OperationModel } from './model.js';

/** What src/sandbox/contract-test.js reads from `var CONTRACT = …;`. */
export interface Contract {
  operation: string;
  expect: string;
  responses: Record<string, { description: string; content: { type: string; schema: JsonSchema | null }[] }>;
}

export function contractOf(operation: OperationModel): Contract {
  return {
    operation: operation.label,
    expect: operation.successStatus,
    responses: Object.fromEntries(
      operation.responses.map((response) => [
        response.status,
        {
          description: response.description,
          content: response.content.map((content) => ({ type: content.contentType, schema: content.schema ?? null })),
        },
      ]),
    ),
  };
}

/** The contract test's text: the contract as data, then the script that checks it. */
export function contractScript(operation: OperationModel, script: string): string {
  return `var CONTRACT = ${JSON.stringify(contractOf(operation))};\n\n${script}`;
}
