import { createServer } from 'node:http';
import { connect } from 'node:net';
import { listenOnLoopback } from './loopback.js';

/** A forward proxy on loopback that tunnels CONNECT requests, as a corporate HTTPS_PROXY does, and counts them. */
export async function startConnectProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req, clientSocket, head) => {
    const target = req.url ?? '';
    tunnels.push(target);
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    clientSocket.on('error', () => upstream.destroy());
  });
  const { origin, close } = await listenOnLoopback(server);
  return { url: origin, tunnels, close };
}
