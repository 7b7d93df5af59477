import type { Output } from '../util/output.js';

/** `serve`: the local authorization server in the foreground until Ctrl+C. */
export async function serveCommand(options: { port: number; host: string; ttl: number }, out: Output): Promise<void> {
  const { serve } = await import('../server/serve-command.js');
  const server = await serve({ port: options.port, host: options.host, ttl: options.ttl }, (line) => out.info(line));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
}
