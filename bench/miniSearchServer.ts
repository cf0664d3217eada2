import { createServer } from 'node:http';
import MiniSearch from 'minisearch';
import { retrievalConfig } from '../retrieval/config.js';
import { chunkSections } from '../retrieval/ingest/chunkSections.js';
import { loadCorpus } from '../retrieval/ingest/loadCorpus.js';
import { listenForBench } from './listenForBench.js';

/**
 * Child process of `npm run bench`: the same chunks behind plain BM25 (MiniSearch) over HTTP —
 * POST /api/ask `{question}` → the top five chunk ids and scores. What a simple search server
 * costs, for comparison with the full answer.
 */
const chunks = loadCorpus(retrievalConfig().corpusDir).documents.flatMap(chunkSections);
const mini = new MiniSearch({ fields: ['text'], storeFields: ['id'], idField: 'id' });
mini.addAll(chunks.map((c) => ({ id: c.id, text: c.text })));

const server = createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (d: Buffer) => parts.push(d));
  req.on('end', () => {
    let question = '';
    try {
      question = String((JSON.parse(Buffer.concat(parts).toString('utf8')) as { question?: unknown }).question ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const hits = mini.search(question).slice(0, 5).map((h) => ({ id: h.id as string, score: h.score }));
    const body = JSON.stringify({ question, hits });
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
listenForBench(server);
