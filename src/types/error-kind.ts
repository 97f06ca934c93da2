/** Every way a call can fail, as in DESIGN.md's error table. */
export type ErrorKind =
  | 'rate_limited'
  | 'quota_exhausted'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'network'
  | 'auth'
  | 'not_found'
  | 'context_length'
  | 'content_filter'
  | 'bad_request'
  | 'cancelled'
  | 'circuit_open';
