import { createHash } from 'node:crypto';

/** A Lua script and its SHA1, computed here so the first call needs no SCRIPT LOAD round trip. */
export interface RedisScript {
  name: string;
  source: string;
  sha: string;
}

function script(name: string, source: string): RedisScript {
  return { name, source, sha: createHash('sha1').update(source).digest('hex') };
}

// KEYS[1] deadline. ARGV[1] ttl in ms. The deadline lives as the key's own expiry: replicas exchange
// remaining times, never timestamps, so their clocks never have to agree.
export const extendDeadline = script(
  'extend-deadline',
  `local remaining = redis.call('PTTL', KEYS[1])
local ttl = tonumber(ARGV[1])
if remaining >= ttl then return remaining end
redis.call('SET', KEYS[1], '1', 'PX', ttl)
return ttl`,
);

// KEYS[1] deadline.
export const readDeadline = script(
  'read-deadline',
  `local remaining = redis.call('PTTL', KEYS[1])
if remaining < 0 then return 0 end
return remaining`,
);

// KEYS[1] deadline, KEYS[2] failure count.
export const clearDeadline = script('clear-deadline', `return redis.call('DEL', KEYS[1], KEYS[2])`);

// KEYS[1] deadline, KEYS[2] failure count (same hash tag). ARGV: failures, successes, window ms,
// threshold, open ms. A success in the batch restarts the count; reaching the threshold opens.
export const recordOutcomes = script(
  'record-outcomes',
  `local failures = tonumber(ARGV[1])
local total
if tonumber(ARGV[2]) > 0 then
  total = failures
  if failures > 0 then redis.call('SET', KEYS[2], failures, 'PX', ARGV[3]) else redis.call('DEL', KEYS[2]) end
else
  total = redis.call('INCRBY', KEYS[2], failures)
  if total == failures then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
end
if failures > 0 and total >= tonumber(ARGV[4]) then
  redis.call('DEL', KEYS[2])
  local remaining = redis.call('PTTL', KEYS[1])
  local open = tonumber(ARGV[5])
  if remaining < open then
    redis.call('SET', KEYS[1], '1', 'PX', open)
    remaining = open
  end
  return {total, remaining}
end
return {total, 0}`,
);

// KEYS[1] lease. ARGV: holder, ttl ms.
export const acquireLease = script(
  'acquire-lease',
  `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`,
);

// KEYS[1] lease. ARGV: holder. Only the holder gives it back.
export const releaseLease = script(
  'release-lease',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);
