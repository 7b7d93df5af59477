import type { ApiModel, FolderModel, OperationModel } from './model.js';

/** The folder of operations without a tag. */
export const UNTAGGED_FOLDER_NAME = 'Untagged';

/**
 * One folder per first tag, in the order of the document's `tags` list, then in order of first
 * use; operations without a tag last, in one folder. Within a folder, document order.
 */
export function foldersOf(api: Pick<ApiModel, 'tags'>, operations: OperationModel[]): FolderModel[] {
  const folders = new Map<string, FolderModel>();
  for (const tag of api.tags) folders.set(tag.name, { name: tag.name, description: tag.description, operations: [] });
  const untagged: FolderModel = { name: UNTAGGED_FOLDER_NAME, description: 'Operations without a tag.', operations: [] };
  for (const operation of operations) {
    if (operation.tag === undefined) {
      untagged.operations.push(operation);
      continue;
    }
    if (!folders.has(operation.tag)) folders.set(operation.tag, { name: operation.tag, description: undefined, operations: [] });
    folders.get(operation.tag)!.operations.push(operation);
  }
  // A tag that happens to be called "Untagged" shares the folder (two folders of one name would confuse).
  const named = folders.get(UNTAGGED_FOLDER_NAME);
  if (named) named.operations.push(...untagged.operations);
  return [...folders.values(), ...(named ? [] : [untagged])].filter((folder) => folder.operations.length > 0);
}
