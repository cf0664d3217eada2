import { createServer } from 'node:http';
import { listenForBench } from './listenForBench.js';

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
listenForBench(server);
