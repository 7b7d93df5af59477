import type { Argv } from 'yargs';

/** `openapi list`'s filters, each repeatable, in the same terms as the config's `openapi.include` / `exclude`. */
export function openApiListOptions<T>(args: Argv<T>) {
  return args
    .positional('file', { type: 'string', describe: 'OpenAPI 3.0/3.1 document, JSON or YAML' })
    .option('include-tag', { type: 'string', array: true, describe: 'Only operations with this tag (repeatable)' })
    .option('include-path', { type: 'string', array: true, describe: 'Only paths matching (/pets/*, /admin/**)' })
    .option('include-operation', { type: 'string', array: true, describe: 'Only this operationId (repeatable)' })
    .option('exclude-tag', { type: 'string', array: true, describe: 'Leave out operations with this tag' })
    .option('exclude-path', { type: 'string', array: true, describe: 'Leave out paths matching' })
    .option('exclude-operation', { type: 'string', array: true, describe: 'Leave out this operationId' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the list as JSON' });
}

type ListArgs = ReturnType<typeof openApiListOptions>;
type ParsedListArgs = Awaited<ListArgs['argv']>;

/** The parsed filters under the names selectionFromFlags takes. */
export function selectionFlags(args: ParsedListArgs) {
  return {
    includeTag: args['include-tag'],
    includePath: args['include-path'],
    includeOperation: args['include-operation'],
    excludeTag: args['exclude-tag'],
    excludePath: args['exclude-path'],
    excludeOperation: args['exclude-operation'],
  };
}
