import type { ErrorKind } from '../types/error-kind.js';

/** What the router does with an error of one kind. */
export interface ErrorPolicy {
  /** Try the same target again. */
  retry: boolean;
  /** Move on to the next target in the plan. */
  fallback: boolean;
  /** Count it as a failure of the provider's health. */
  countsAgainstBreaker: boolean;
}

/** DESIGN.md's error table. `content_filter` falls back only where the router is configured to. */
export const ERROR_POLICY: Readonly<Record<ErrorKind, Readonly<ErrorPolicy>>> = Object.freeze({
  rate_limited: { retry: true, fallback: true, countsAgainstBreaker: true },
  quota_exhausted: { retry: false, fallback: true, countsAgainstBreaker: true },
  overloaded: { retry: true, fallback: true, countsAgainstBreaker: true },
  server: { retry: true, fallback: true, countsAgainstBreaker: true },
  timeout: { retry: true, fallback: true, countsAgainstBreaker: true },
  network: { retry: true, fallback: true, countsAgainstBreaker: true },
  auth: { retry: false, fallback: true, countsAgainstBreaker: false },
  not_found: { retry: false, fallback: true, countsAgainstBreaker: false },
  context_length: { retry: false, fallback: true, countsAgainstBreaker: false },
  content_filter: { retry: false, fallback: false, countsAgainstBreaker: false },
  bad_request: { retry: false, fallback: false, countsAgainstBreaker: false },
  cancelled: { retry: false, fallback: false, countsAgainstBreaker: false },
  circuit_open: { retry: false, fallback: true, countsAgainstBreaker: false },
});
