import { createServer } from 'node:http';

/**
 * Child process of `npm run bench`: the floor for the HTTP load rows — a bare Node server that
 * reads the POST body and answers a fixed small JSON, no routing, no work.
 */
const body = JSON.stringify({ ok: true });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stderr.write(`lyssnar på http://127.0.0.1:${port} —\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
