// A small static file server for the web demo: `/` is the demo page, and only
// the folders the page needs (web-demo/ and the package's js/) are reachable.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The package root: web-demo/ and js/ sit beside each other there.
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const servedFolders = ['web-demo', 'js'];
const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

// Maps a request path to a file inside one of the served folders, or null.
function resolveFile(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded === '/' || decoded === '/index.html') decoded = '/web-demo/index.html';
  const file = path.resolve(projectRoot, '.' + path.posix.normalize(decoded));
  const inServedFolder = servedFolders.some((folder) => file.startsWith(path.join(projectRoot, folder) + path.sep));
  return inServedFolder && contentTypes[path.extname(file)] ? file : null;
}

async function handle(request, response) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end('method not allowed\n');
    return;
  }
  const file = resolveFile(new URL(request.url, 'http://localhost').pathname);
  if (!file) {
    response.writeHead(404).end('not found\n');
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': contentTypes[path.extname(file)], 'cache-control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch (error) {
    response.writeHead(error.code === 'ENOENT' || error.code === 'EISDIR' ? 404 : 500).end('not found\n');
  }
}

/** Starts the server; resolves to { url, server, close() }. Port 0 picks a free port. */
export function startDemoServer({ port = 8765, host = '127.0.0.1' } = {}) {
  const server = http.createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        url: `http://${host}:${address.port}/`,
        server,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
