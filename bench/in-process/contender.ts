/** Where the in-process contenders send their calls. */
export interface ContenderTargets {
  /** OpenAI-style base URL (`.../v1`) of the primary upstream. */
  primaryBaseURL: string;
  /** OpenAI-style base URL of the fallback upstream (used by the router contenders only). */
  fallbackBaseURL: string;
  /** The bench's own redis-server (`redis://127.0.0.1:PORT`), for the contenders whose state lives there. */
  redisURL?: string;
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
  | 'router-redis'
  | 'router-redis-breaker'
  | 'ai-sdk'
  | 'ai-sdk-router'
  | 'openai-client';

/** The contenders that keep their router's state in Redis: each gets a redis-server of its own. */
export const redisContenders: readonly ContenderName[] = ['router-redis', 'router-redis-breaker'];
