import { buildConnector } from 'undici';

/** Connection attempts in flight to one origin, and the ones waiting their turn. */
interface OriginSlots {
  active: number;
  waiting: Array<() => void>;
}

/**
 * An undici connector that lets at most `maxConnectsPerOrigin` connection attempts (TCP, plus TLS for
 * `https`) run at once per origin; the rest wait in order. A burst of a thousand calls then opens its
 * connections a few dozen at a time instead of sending a thousand SYNs into a listen backlog of 128,
 * where the ones dropped are retried by the kernel only after a second. The wait is part of each call:
 * the call's deadline (its abort signal) counts it, and undici's own connect timeout starts only when
 * the attempt does. `0` for no cap.
 */
export function limitedConnector(
  maxConnectsPerOrigin: number,
  options: buildConnector.BuildOptions,
): buildConnector.connector {
  const connect = buildConnector(options);
  if (maxConnectsPerOrigin === 0) return connect;
  const origins = new Map<string, OriginSlots>();

  const release = (origin: string, slots: OriginSlots) => {
    const next = slots.waiting.shift();
    if (next) next();
    else {
      slots.active -= 1;
      if (slots.active === 0) origins.delete(origin);
    }
  };

  return (target, callback) => {
    const origin = `${target.protocol}//${target.hostname}:${target.port}`;
    let slots = origins.get(origin);
    if (!slots) {
      slots = { active: 0, waiting: [] };
      origins.set(origin, slots);
    }
    const held = slots;
    const attempt = () =>
      connect(target, (...result) => {
        release(origin, held);
        callback(...result);
      });
    if (held.active < maxConnectsPerOrigin) {
      held.active += 1;
      attempt();
    } else held.waiting.push(attempt);
  };
}
