import { CliError } from '../errors.js';
import type { OperationModel } from './model.js';

/** Which operations to generate: by tag, by path pattern, by operationId. */
export interface OperationCriteria {
  tags?: string[];
  /** `*` matches within one path segment, `**` across segments: "/pets/*", "/admin/**". */
  paths?: string[];
  operations?: string[];
}

export interface OperationSelection {
  include?: OperationCriteria;
  exclude?: OperationCriteria;
}

/**
 * Operations matching any `include` criterion (all of them without one), minus those matching
 * any `exclude` criterion. A tag or operationId the document does not have is refused: it is a
 * typo, and silently generating everything (or nothing) would hide it.
 */
export function selectOperations(operations: OperationModel[], selection: OperationSelection, file: string): OperationModel[] {
  for (const [kind, criteria] of [
    ['include', selection.include],
    ['exclude', selection.exclude],
  ] as const) {
    checkKnown(operations, criteria, `${kind}`, file);
  }
  const include = selection.include;
  const selected = operations.filter(
    (operation) =>
      (!hasCriteria(include) || matches(operation, include!)) && !(selection.exclude && matches(operation, selection.exclude)),
  );
  if (selected.length === 0) {
    throw new CliError(`No operation of ${file} is left after the include and exclude filters.`, {
      hint: 'Loosen the filters; `npx oauth-postman openapi list FILE` shows every operation with its tags.',
    });
  }
  return selected;
}

function hasCriteria(criteria: OperationCriteria | undefined): boolean {
  return !!criteria && [criteria.tags, criteria.paths, criteria.operations].some((list) => list && list.length > 0);
}

function matches(operation: OperationModel, criteria: OperationCriteria): boolean {
  return (
    (criteria.tags ?? []).some((tag) => operation.tags.includes(tag)) ||
    (criteria.paths ?? []).some((pattern) => pathPattern(pattern).test(operation.path)) ||
    (criteria.operations ?? []).some((id) => id === operation.label)
  );
}

function checkKnown(operations: OperationModel[], criteria: OperationCriteria | undefined, kind: string, file: string): void {
  const tags = new Set(operations.flatMap((operation) => operation.tags));
  const labels = new Set(operations.map((operation) => operation.label));
  for (const tag of criteria?.tags ?? []) {
    if (!tags.has(tag)) {
      throw new CliError(`The ${kind} filter names the tag "${tag}", which no operation of ${file} has.`, {
        hint: `Tags in the document: ${[...tags].join(', ') || '(none)'}.`,
      });
    }
  }
  for (const id of criteria?.operations ?? []) {
    if (!labels.has(id)) {
      throw new CliError(`The ${kind} filter names the operation "${id}", which ${file} does not have.`, {
        hint: 'Name operations by operationId (or "METHOD /path" when they have none); `npx oauth-postman openapi list FILE` shows them.',
      });
    }
  }
}

/** "/pets/*" → one segment; "/admin/**" → any depth; a pattern always matches the whole path. */
export function pathPattern(pattern: string): RegExp {
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}
