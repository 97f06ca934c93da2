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

// KEYS: one theoretical arrival time per bucket (same hash tag). ARGV[1] max wait ms, then per bucket:
// interval ms, burst, cost, carry. GCRA on Redis's own clock (TIME), so replica clocks never have to
// agree; arrival times are Redis-clock ms and expire once their bucket is full again. Same arithmetic as
// src/state/gcra.ts. Replies {allowed, wait ms, remaining per bucket...}.
export const takeRate = script(
  'take-rate',
  `local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local maxWait = tonumber(ARGV[1])
local arrivals, intervals, bursts, costs, changed = {}, {}, {}, {}, {}
local wait = 0
for index = 1, #KEYS do
  local base = 1 + (index - 1) * 4
  local interval, burst = tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2])
  local cost, carry = tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4])
  local arrival = tonumber(redis.call('GET', KEYS[index]) or now)
  if arrival < now then arrival = now end
  arrival = arrival + carry * interval
  if arrival < now then arrival = now end
  arrivals[index], intervals[index], bursts[index], costs[index] = arrival, interval, burst, cost
  changed[index] = carry ~= 0
  local need = arrival + (cost - burst) * interval - now
  if need > wait then wait = need end
end
if wait < 0.000001 then wait = 0 end
local allowed = wait <= maxWait
local reply = {allowed and 1 or 0, math.ceil(wait)}
for index = 1, #KEYS do
  local arrival = arrivals[index]
  if allowed and costs[index] ~= 0 then
    arrival = arrival + costs[index] * intervals[index]
    changed[index] = true
  end
  if changed[index] then
    if arrival > now then
      redis.call('SET', KEYS[index], string.format('%.17g', arrival), 'PX', math.ceil(arrival - now))
    else
      redis.call('DEL', KEYS[index])
    end
  end
  local left = math.floor((bursts[index] * intervals[index] - (arrival - now)) / intervals[index] + 0.000000001)
  if left < 0 then left = 0 end
  reply[#reply + 1] = left
end
return reply`,
);

// The response cache's plain GET and SET PX, sent as one-line scripts because the connection adapters
// speak EVALSHA only: one adapter serves node-redis and ioredis alike for both stores.
export const getCacheEntry = script('get-cache-entry', `return redis.call('GET', KEYS[1])`);
export const setCacheEntry = script(
  'set-cache-entry',
  `return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])`,
);
