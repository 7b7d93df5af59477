import { createRequire } from 'node:module';
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

/**
 * A require that resolves from Newman's own package, so that what it loads (postman-runtime, and
 * through it postman-request) is the very copy Newman runs, not one an install hoisted elsewhere:
 * the CLI patches that copy (src/run/request-bounds.ts) and reads its proxy rule
 * (src/token/proxy-route.ts), and another copy would go unpatched or read otherwise.
 */
export function requireFromNewman(): NodeJS.Require {
  return createRequire(createRequire(import.meta.url).resolve('newman/package.json'));
}
