import type { AbortHandle } from '../abort/abort-handle.js';
import type { CallOptions } from '../types/call.js';
import type { Pricer } from '../types/cost.js';
import type { EmbeddingRequest } from '../types/embedding.js';
import type { RouterHooks } from '../types/events.js';
import type { Instrumentation } from '../types/instrumentation.js';
import type { CompletionRequest } from '../types/request.js';
import type { ContextWindows } from './context-windows.js';
import type { HedgePolicy } from './hedge-policy.js';
import type { RouterState } from './router-state.js';

/** Router-wide settings a call reads. */
export interface CallSettings {
  hooks: RouterHooks | undefined;
  instrumentation: Instrumentation | undefined;
  pricer: Pricer | undefined;
  fallbackOnContentFilter: boolean;
  /** Where targets' context windows come from: the router's overrides, then each provider's table. */
  contextWindows: ContextWindows;
  hedge: HedgePolicy | undefined;
}

/** What the router routes: a completion (`complete`, `stream`) or an embedding (`embed`) request. */
export type RoutedRequest = CompletionRequest | EmbeddingRequest;

/** A call's options as the router reads them: everything but the abort source, which travels apart. */
export type CallParameters = Omit<CallOptions, 'signal'>;

/**
 * One call as the router receives it: made once per call by the entry point and read, as the same
 * object, by the run, the plan and the call's signal.
 */
export interface CallInput<Request extends RoutedRequest = CompletionRequest> {
  state: RouterState;
  settings: CallSettings;
  request: Request;
  options: CallParameters | undefined;
  /**
   * What aborts the call: the caller's `CallOptions.signal`, or an {@link AbortHandle} from inside this
   * package (the gateway's, through `internal-call`), which spares the call a real `AbortSignal`.
   */
  abort: AbortHandle | AbortSignal | undefined;
}
