import { fileURLToPath } from 'node:url';

/**
 * Files that ship with the tool (sandbox scripts, schemas) are found relative to the package,
 * whether the code runs compiled from dist/ or from src/ under tsx: both sit one level below
 * the package root.
 */
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export function packageFile(relativePath: string): string {
  return packageRoot + relativePath;
}
