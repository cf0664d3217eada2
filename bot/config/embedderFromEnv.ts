import type { TextEmbedder } from '../../retrieval/embedding/textEmbedder.js';
import { createHostedEmbedder } from '../../retrieval/embedding/providers/createHostedEmbeddings.js';
import { providerConfig } from './providerConfig.js';

/**
 * The hosted embedder EMBEDDINGS_PROVIDER asks for, or undefined for the local default. Invalid
 * settings throw a typed error naming the variable, at start-up.
 */
export async function embedderFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<TextEmbedder | undefined> {
  return (await createHostedEmbedder(providerConfig(env))) ?? undefined;
}
