import { spawn } from 'node:child_process';

/**
 * Asks the desktop to open a URL in the default browser. Resolves false when no opener could be
 * started (no desktop, or the command is missing): the caller then prints the URL instead.
 * The opener is detached and unreferenced, so that it neither keeps this process running nor is
 * killed when this process ends.
 */
export function openInBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  // Windows: `start` is a cmd built-in that splits on `&`; url.dll takes the URL as it is.
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { detached: true, stdio: 'ignore' });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
