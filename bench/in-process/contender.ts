/** Where the in-process contenders send their calls. */
export interface ContenderTargets {
  /** OpenAI-style base URL (`.../v1`) of the primary upstream. */
  primaryBaseURL: string;
  /** OpenAI-style base URL of the fallback upstream (used by the router contenders only). */
  fallbackBaseURL: string;
}

/** One call as a contender makes it; resolves to the answer text so the harness can check it. */
export type CallOnce = () => Promise<string | null | undefined>;

/** Builds a contender's call once (clients, pools, routers), outside the measured loop. */
export type ContenderFactory = (targets: ContenderTargets) => CallOnce | Promise<CallOnce>;

/** The in-process non-streaming contenders, by the name RESULTS.md uses. */
export type ContenderName =
  | 'raw-undici'
  | 'adapter'
  | 'router'
  | 'router-under-failure'
  | 'router-group'
  | 'ai-sdk'
  | 'ai-sdk-router'
  | 'openai-client';
