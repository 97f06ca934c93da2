export { fakeEmbedding, fakeEmbeddingDimensions } from './embeddings-answer.js';
export type {
  FakeBehaviour,
  FakeErrorOptions,
  FakeErrorReason,
  FakeFinishReason,
  FakeFormat,
  FakePartialOptions,
  FakeReplyContent,
  FakeToolCall,
  FakeUsage,
  HangBehaviour,
  MalformedBehaviour,
  ReplyBehaviour,
  ResetBehaviour,
  StatusBehaviour,
  StreamErrorBehaviour,
  TruncateBehaviour,
} from './fake-behaviour.js';
export {
  type FakeProviderServer,
  type FakeProviderServerOptions,
  startFakeProviderServer,
} from './fake-provider-server.js';
export type { FakeHandler, FakeRequest } from './fake-request.js';
export type { FakeUpstream } from './fake-upstream.js';
export {
  type FaultErrorOptions,
  type FaultStatusOptions,
  type FaultStreamErrorOptions,
  faults,
} from './faults.js';
