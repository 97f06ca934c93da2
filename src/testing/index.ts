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
