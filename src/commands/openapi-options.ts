import type { Argv } from 'yargs';
import type { OperationCriteria, OperationSelection } from '../openapi/filter.js';

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

type ParsedListArgs = Awaited<ReturnType<typeof openApiListOptions>['argv']>;

/** The filters given on the command line, in the config's shape (`include` / `exclude`). */
export function selectionFromArgs(args: ParsedListArgs): OperationSelection {
  const criteria = (side: 'include' | 'exclude'): OperationCriteria | undefined => {
    const tags = args[`${side}-tag`];
    const paths = args[`${side}-path`];
    const operations = args[`${side}-operation`];
    return tags || paths || operations ? { tags, paths, operations } : undefined;
  };
  return { include: criteria('include'), exclude: criteria('exclude') };
}
