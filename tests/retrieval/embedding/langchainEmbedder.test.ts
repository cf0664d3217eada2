import { Embeddings } from '@langchain/core/embeddings';
import { FakeEmbeddings, SyntheticEmbeddings } from '@langchain/core/utils/testing';
import { OllamaEmbeddings } from '@langchain/ollama';
import { AzureOpenAIEmbeddings, OpenAIEmbeddings } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { providerConfig } from '../../../bot/config/providerConfig.js';
import { createHostedEmbedder, createHostedEmbeddings } from '../../../retrieval/embedding/providers/createHostedEmbeddings.js';
import { hostedEmbedderId } from '../../../retrieval/embedding/providers/embeddingsProviderConfig.js';
import { EmbeddingProviderError, LangchainEmbedder } from '../../../retrieval/embedding/providers/langchainEmbedder.js';
import type { TextEmbedder } from '../../../retrieval/embedding/textEmbedder.js';
import { PlanbotenError } from '../../../retrieval/errors.js';
import { VectorIndex } from '../../../retrieval/search/vectorIndex.js';

/** Embeddings whose provider is down, counting calls. */
class DownEmbeddings extends Embeddings {
  calls = 0;
  constructor() {
    super({});
  }
  async embedDocuments(): Promise<number[][]> {
    this.calls += 1;
    throw new Error('ECONNREFUSED');
  }
  async embedQuery(): Promise<number[]> {
    this.calls += 1;
    throw new Error('ECONNREFUSED');
  }
}

/** Embeddings returning whatever vectors a test hands it. */
class ScriptedEmbeddings extends Embeddings {
  constructor(private readonly vectors: number[][]) {
    super({});
  }
  async embedDocuments(): Promise<number[][]> {
    return this.vectors;
  }
  async embedQuery(): Promise<number[]> {
    return this.vectors[0];
  }
}

describe('LangchainEmbedder', () => {
  it('is a TextEmbedder with the configured id and dimensions', async () => {
    const embedder: TextEmbedder = new LangchainEmbedder(new FakeEmbeddings(), { id: 'openai:text-embedding-3-small', dimensions: 4 });
    expect(embedder.id).toBe('openai:text-embedding-3-small');
    expect(embedder.dimensions).toBe(4);
    const documents = await embedder.embedDocuments(['Studier', 'Arbetsmiljö', 'Hyvling']);
    expect(documents).toHaveLength(3);
    for (const vector of documents) expect(vector).toHaveLength(4);
    expect(await embedder.embedQuery('studier')).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(await embedder.embedDocuments([])).toEqual([]);
  });

  it('probes the dimension count from the first vector when configuration does not give it', async () => {
    const embedder = await LangchainEmbedder.create(new SyntheticEmbeddings({ vectorSize: 12 }), { id: 'ollama:bge-m3' });
    expect(embedder.dimensions).toBe(12);
    const [a, b] = await embedder.embedDocuments(['studier och kurser', 'arbetsmiljö']);
    expect(a).toHaveLength(12);
    expect(a).not.toEqual(b);
  });

  it('refuses vectors of the wrong size, count or with NaN before they reach the index', async () => {
    const wrongSize = new LangchainEmbedder(new FakeEmbeddings(), { id: 'openai:m', dimensions: 8 });
    await expect(wrongSize.embedDocuments(['a'])).rejects.toMatchObject({ problem: 'dimensions', code: 'INDEX_MISMATCH' });
    await expect(wrongSize.embedQuery('a')).rejects.toBeInstanceOf(EmbeddingProviderError);

    const short = new LangchainEmbedder(new ScriptedEmbeddings([[1, 0]]), { id: 'x', dimensions: 2 });
    await expect(short.embedDocuments(['a', 'b'])).rejects.toMatchObject({ problem: 'count' });
    const nan = new LangchainEmbedder(new ScriptedEmbeddings([[1, Number.NaN]]), { id: 'x', dimensions: 2 });
    await expect(nan.embedDocuments(['a'])).rejects.toMatchObject({ problem: 'not-finite' });
    await expect(LangchainEmbedder.create(new ScriptedEmbeddings([[]]), { id: 'x' })).rejects.toMatchObject({ problem: 'empty' });
    expect(() => new LangchainEmbedder(new FakeEmbeddings(), { id: 'x', dimensions: 0 })).toThrow(PlanbotenError);
  });

  it('feeds the HNSW index like the local embedder does', async () => {
    const embedder = await LangchainEmbedder.create(new SyntheticEmbeddings({ vectorSize: 8 }), { id: 'ollama:fake' });
    const texts = ['studier och kurser for fortroendevalda', 'arbetsmiljo och trygghet', 'hyvling och visstid'];
    const index = VectorIndex.build(await embedder.embedDocuments(texts), embedder.dimensions);
    const [hit] = index.search(await embedder.embedQuery(texts[1]), 1);
    expect(hit.index).toBe(1);
    expect(hit.similarity).toBeCloseTo(1, 5);
  });

  it('degrades a failed query embedding to a zero vector (BM25 only) and reports it; index builds still fail', async () => {
    const reported: unknown[] = [];
    const down = new DownEmbeddings();
    const embedder = new LangchainEmbedder(down, { id: 'openai:m', dimensions: 3, onQueryError: (e) => reported.push(e) });
    expect(await embedder.embedQuery('studier')).toEqual([0, 0, 0]);
    expect(reported).toHaveLength(1);
    await expect(embedder.embedDocuments(['a'])).rejects.toThrow('ECONNREFUSED');

    const strict = new LangchainEmbedder(down, { id: 'openai:m', dimensions: 3, strictQueries: true });
    await expect(strict.embedQuery('studier')).rejects.toThrow('ECONNREFUSED');
  });

  it('does not let a hanging provider hold a question', async () => {
    const hanging = new ScriptedEmbeddings([[1, 2]]);
    hanging.embedQuery = () => new Promise<number[]>(() => undefined);
    const reported: unknown[] = [];
    const embedder = new LangchainEmbedder(hanging, { id: 'ollama:m', dimensions: 2, queryTimeoutMs: 30, onQueryError: (e) => reported.push(e) });
    expect(await embedder.embedQuery('studier')).toEqual([0, 0]);
    expect(String(reported[0])).toContain('no reply within 30 ms');
  });
});

describe('createHostedEmbeddings', () => {
  it('is null for the local embedder', async () => {
    const config = providerConfig({});
    expect(createHostedEmbeddings(config)).toBeNull();
    expect(await createHostedEmbedder(config)).toBeNull();
    expect(hostedEmbedderId(config.embeddings)).toBeNull();
  });

  it('builds each hosted provider without a network call, with the manifest id', () => {
    const openai = providerConfig({ EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'text-embedding-3-small', OPENAI_API_KEY: 'sk-test', EMBEDDINGS_DIMENSIONS: '256' });
    const openaiEmbeddings = createHostedEmbeddings(openai);
    expect(openaiEmbeddings).toBeInstanceOf(OpenAIEmbeddings);
    expect((openaiEmbeddings as OpenAIEmbeddings).dimensions).toBe(256);
    expect(hostedEmbedderId(openai.embeddings)).toBe('openai:text-embedding-3-small');

    const azure = providerConfig({
      EMBEDDINGS_PROVIDER: 'azure-openai',
      AZURE_OPENAI_API_KEY: 'k',
      AZURE_OPENAI_ENDPOINT: 'https://seko.openai.azure.com',
      AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT: 'emb-large',
    });
    const azureEmbeddings = createHostedEmbeddings(azure) as AzureOpenAIEmbeddings;
    expect(azureEmbeddings).toBeInstanceOf(AzureOpenAIEmbeddings);
    expect(azureEmbeddings.azureOpenAIBasePath).toBe('https://seko.openai.azure.com/openai/deployments');
    expect(azureEmbeddings.azureOpenAIApiDeploymentName).toBe('emb-large');
    expect(hostedEmbedderId(azure.embeddings)).toBe('azure-openai:emb-large');

    const ollama = providerConfig({ EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_MODEL: 'bge-m3' });
    expect(createHostedEmbeddings(ollama)).toBeInstanceOf(OllamaEmbeddings);
    expect(hostedEmbedderId(ollama.embeddings)).toBe('ollama:bge-m3');
  });

  it('wraps a hosted provider with configured dimensions without probing', async () => {
    const config = providerConfig({ EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_MODEL: 'bge-m3', EMBEDDINGS_DIMENSIONS: '1024', OLLAMA_BASE_URL: 'http://127.0.0.1:9' });
    const embedder = await createHostedEmbedder(config);
    expect(embedder).toBeInstanceOf(LangchainEmbedder);
    expect(embedder).toMatchObject({ id: 'ollama:bge-m3', dimensions: 1024 });
  });
});
