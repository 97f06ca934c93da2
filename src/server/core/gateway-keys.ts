import { createHash, timingSafeEqual } from 'node:crypto';

const bearer = /^bearer\s+/i;

/**
 * The bearer tokens a gateway accepts. Each presented token is hashed and compared with every
 * configured key's hash through `crypto.timingSafeEqual`, without stopping at a match, so neither the
 * comparison nor the number of keys checked reveals how much of a guess was right (hashing first also
 * hides the keys' lengths).
 */
export class GatewayKeys {
  private readonly digests: readonly Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  /** False when no keys are configured and every request is let in. */
  get required(): boolean {
    return this.digests.length > 0;
  }

  /** Whether an `Authorization` header value carries one of the keys. */
  accepts(authorization: string | undefined): boolean {
    if (this.digests.length === 0) return true;
    if (authorization === undefined) return false;
    const match = bearer.exec(authorization);
    if (!match) return false;
    return this.acceptsKey(authorization.slice(match[0].length).trim());
  }

  /** Whether a key presented on its own (Anthropic's `x-api-key` header) is one of the keys. */
  acceptsKey(key: string | undefined): boolean {
    if (this.digests.length === 0) return true;
    if (key === undefined) return false;
    const presented = digest(key.trim());
    let accepted = false;
    for (const key of this.digests) {
      if (timingSafeEqual(presented, key)) accepted = true;
    }
    return accepted;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
