import { ChatOllama } from '@langchain/ollama';
import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { describeProviderConfig, providerConfig, ProviderConfigError } from '../../../bot/config/providerConfig.js';
import { createChatModel } from '../../../bot/generation/createChatModel.js';
import { PlanbotenError } from '../../../retrieval/errors.js';

function configError(env: NodeJS.ProcessEnv): ProviderConfigError {
  try {
    providerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect(error).toBeInstanceOf(PlanbotenError);
    return error as ProviderConfigError;
  }
  throw new Error('providerConfig did not fail');
}

describe('providerConfig', () => {
  it('defaults to offline: extractive answers, local embeddings, 15 s limit', () => {
    expect(providerConfig({})).toEqual({ chat: { provider: 'extractive' }, embeddings: { provider: 'local' }, timeoutMs: 15_000 });
    // Keys lying around do not switch anything on; empty values count as unset.
    expect(providerConfig({ OPENAI_API_KEY: 'sk-test', LLM_PROVIDER: '', EMBEDDINGS_PROVIDER: ' ' }).chat).toEqual({ provider: 'extractive' });
  });

  it.each([
    [{ LLM_PROVIDER: 'openai', LLM_MODEL: 'gpt-4o-mini' }, 'OPENAI_API_KEY'],
    [{ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test' }, 'LLM_MODEL'],
    [{ LLM_PROVIDER: 'azure-openai', AZURE_OPENAI_ENDPOINT: 'https://seko.openai.azure.com', AZURE_OPENAI_DEPLOYMENT: 'gpt-4o' }, 'AZURE_OPENAI_API_KEY'],
    [{ LLM_PROVIDER: 'azure-openai', AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_DEPLOYMENT: 'gpt-4o' }, 'AZURE_OPENAI_ENDPOINT'],
    [{ LLM_PROVIDER: 'azure-openai', AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_API_INSTANCE_NAME: 'seko' }, 'AZURE_OPENAI_DEPLOYMENT'],
    [{ LLM_PROVIDER: 'ollama' }, 'LLM_MODEL'],
    [{ EMBEDDINGS_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test' }, 'EMBEDDINGS_MODEL'],
    [{ EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'text-embedding-3-small' }, 'OPENAI_API_KEY'],
    [{ EMBEDDINGS_PROVIDER: 'azure-openai', AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_API_INSTANCE_NAME: 'seko' }, 'AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT'],
    [{ EMBEDDINGS_PROVIDER: 'ollama' }, 'EMBEDDINGS_MODEL'],
  ])('names the missing variable: %j → %s', (env, variable) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`Ogiltig inställning ${variable}: saknas`);
  });

  it('lists every missing variable at once', () => {
    const error = configError({ LLM_PROVIDER: 'azure-openai' });
    expect(error.issues.map((i) => i.variable)).toEqual(['AZURE_OPENAI_DEPLOYMENT', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT']);
  });

  it.each([
    ['OPENAI_BASE_URL', { LLM_PROVIDER: 'openai', LLM_MODEL: 'm', OPENAI_BASE_URL: 'localhost:8000/v1' }],
    ['OPENAI_BASE_URL', { LLM_PROVIDER: 'openai', LLM_MODEL: 'm', OPENAI_BASE_URL: 'not a url' }],
    ['OLLAMA_BASE_URL', { LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', OLLAMA_BASE_URL: 'ftp://ollama:11434' }],
    ['AZURE_OPENAI_ENDPOINT', { AZURE_OPENAI_ENDPOINT: 'https://seko.openai.azure.com/?key=x' }],
    ['LLM_PROVIDER', { LLM_PROVIDER: 'anthropic' }],
    ['EMBEDDINGS_PROVIDER', { EMBEDDINGS_PROVIDER: 'huggingface' }],
    ['LLM_TIMEOUT_MS', { LLM_TIMEOUT_MS: 'soon' }],
    ['LLM_TIMEOUT_MS', { LLM_TIMEOUT_MS: '5' }],
    ['EMBEDDINGS_DIMENSIONS', { EMBEDDINGS_DIMENSIONS: '-3' }],
    ['AZURE_OPENAI_API_VERSION', { AZURE_OPENAI_API_VERSION: 'latest' }],
    ['AZURE_OPENAI_API_INSTANCE_NAME', { AZURE_OPENAI_API_INSTANCE_NAME: 'https://seko.openai.azure.com' }],
  ])('rejects an invalid %s', (variable, env) => {
    expect(configError(env).variable).toBe(variable);
  });

  it('refuses both an Azure endpoint and an instance name', () => {
    const error = configError({ LLM_PROVIDER: 'azure-openai', AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_DEPLOYMENT: 'd', AZURE_OPENAI_ENDPOINT: 'https://a.openai.azure.com', AZURE_OPENAI_API_INSTANCE_NAME: 'a' });
    expect(error.variable).toBe('AZURE_OPENAI_API_INSTANCE_NAME');
  });

  it('reads each provider completely', () => {
    expect(providerConfig({ LLM_PROVIDER: 'OpenAI', LLM_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-test', LLM_TIMEOUT_MS: '8000' })).toEqual({
      chat: { provider: 'openai', model: 'gpt-4o-mini', apiKey: 'sk-test', baseUrl: undefined },
      embeddings: { provider: 'local' },
      timeoutMs: 8000,
    });
    // An OpenAI-compatible local server needs no key.
    expect(providerConfig({ LLM_PROVIDER: 'openai', LLM_MODEL: 'qwen2.5', OPENAI_BASE_URL: 'http://localhost:8000/v1/' }).chat).toMatchObject({
      baseUrl: 'http://localhost:8000/v1',
    });
    expect(
      providerConfig({
        LLM_PROVIDER: 'azure-openai',
        EMBEDDINGS_PROVIDER: 'azure-openai',
        AZURE_OPENAI_API_KEY: 'k',
        AZURE_OPENAI_API_INSTANCE_NAME: 'seko-openai',
        AZURE_OPENAI_DEPLOYMENT: 'gpt-4o',
        AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT: 'emb',
        EMBEDDINGS_DIMENSIONS: '256',
      }),
    ).toEqual({
      chat: { provider: 'azure-openai', deployment: 'gpt-4o', apiKey: 'k', endpoint: undefined, instanceName: 'seko-openai', apiVersion: '2024-10-21' },
      embeddings: { provider: 'azure-openai', deployment: 'emb', apiKey: 'k', endpoint: undefined, instanceName: 'seko-openai', apiVersion: '2024-10-21', dimensions: 256 },
      timeoutMs: 15_000,
    });
    expect(providerConfig({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'llama3.1', EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_MODEL: 'bge-m3' })).toEqual({
      chat: { provider: 'ollama', model: 'llama3.1', baseUrl: 'http://localhost:11434' },
      embeddings: { provider: 'ollama', model: 'bge-m3', baseUrl: 'http://localhost:11434', dimensions: undefined },
      timeoutMs: 15_000,
    });
  });

  it('describes the configuration for the start-up log without secrets', () => {
    const line = describeProviderConfig(providerConfig({ LLM_PROVIDER: 'openai', LLM_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-secret' }));
    expect(line).toContain('gpt-4o-mini');
    expect(line).not.toContain('sk-secret');
    expect(describeProviderConfig(providerConfig({}))).toContain('extraktiva');
  });
});

describe('createChatModel', () => {
  it('returns no model for extractive answers', () => {
    expect(createChatModel(providerConfig({}))).toBeNull();
  });

  it('builds each provider from the configuration alone, without a network call', () => {
    const openai = createChatModel(providerConfig({ LLM_PROVIDER: 'openai', LLM_MODEL: 'qwen2.5', OPENAI_BASE_URL: 'http://localhost:8000/v1' }));
    expect(openai).toBeInstanceOf(ChatOpenAI);
    expect((openai as ChatOpenAI).model).toBe('qwen2.5');
    expect((openai as ChatOpenAI).clientConfig.baseURL).toBe('http://localhost:8000/v1');
    expect((openai as ChatOpenAI).temperature).toBe(0);

    const azure = createChatModel(providerConfig({ LLM_PROVIDER: 'azure-openai', AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://seko.openai.azure.com/', AZURE_OPENAI_DEPLOYMENT: 'gpt-4o' }));
    expect(azure).toBeInstanceOf(AzureChatOpenAI);
    expect((azure as AzureChatOpenAI).azureOpenAIBasePath).toBe('https://seko.openai.azure.com/openai/deployments');
    expect((azure as AzureChatOpenAI).azureOpenAIApiDeploymentName).toBe('gpt-4o');

    const ollama = createChatModel(providerConfig({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'llama3.1', OLLAMA_BASE_URL: 'http://gpu-box:11434' }));
    expect(ollama).toBeInstanceOf(ChatOllama);
    expect((ollama as ChatOllama).baseUrl).toBe('http://gpu-box:11434');
  });
});
