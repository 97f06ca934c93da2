export type {
  FakeBehaviour,
  FakeErrorOptions,
  FakeErrorReason,
  FakeFinishReason,
  FakeFormat,
  FakeHandler,
  FakePartialOptions,
  FakeProviderServer,
  FakeProviderServerOptions,
  FakeReplyContent,
  FakeRequest,
  FakeToolCall,
  FakeUpstream,
  FakeUsage,
  FaultErrorOptions,
  FaultStatusOptions,
  FaultStreamErrorOptions,
  HangBehaviour,
  MalformedBehaviour,
  ReplyBehaviour,
  ResetBehaviour,
  StatusBehaviour,
  StreamErrorBehaviour,
  TruncateBehaviour,
} from './fake-server/index.js';
export { fakeEmbedding, faults, startFakeProviderServer } from './fake-server/index.js';
export type { MockCall, MockProviderOptions } from './mock-provider.js';
export { MockProvider } from './mock-provider.js';
export type {
  MockErrorSpec,
  MockErrorStep,
  MockHangStep,
  MockReplyStep,
  MockStep,
  MockStreamStep,
} from './mock-steps.js';
export { mockStep } from './mock-steps.js';
