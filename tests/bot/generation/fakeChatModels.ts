import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { FakeListChatModel } from '@langchain/core/utils/testing';

/** langchain's scripted fake, recording the messages of every call so tests can inspect the prompt. */
export class RecordingChatModel extends FakeListChatModel {
  readonly calls: BaseMessage[][] = [];

  constructor(responses: string[], sleep?: number) {
    super({ responses, sleep });
  }

  override async _generate(messages: BaseMessage[], options?: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    this.calls.push(messages);
    return super._generate(messages, options, runManager);
  }
}

/** A model that never answers and ignores its abort signal: only a hard time limit gets past it. */
export class HangingChatModel extends BaseChatModel {
  _llmType(): string {
    return 'hanging-fake';
  }

  _generate(): Promise<ChatResult> {
    return new Promise<ChatResult>(() => undefined);
  }
}

/** A model whose provider fails, like a 401 from a hosted API. */
export class FailingChatModel extends BaseChatModel {
  calls = 0;

  _llmType(): string {
    return 'failing-fake';
  }

  async _generate(): Promise<ChatResult> {
    this.calls += 1;
    throw Object.assign(new Error('Incorrect API key provided'), { status: 401 });
  }
}
