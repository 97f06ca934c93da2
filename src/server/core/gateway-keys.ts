import { createHash, timingSafeEqual } from 'node:crypto';
import type { Tags, TargetConstraints } from '../../types/tags.js';

const bearer = /^bearer\s+/i;

/**
 * One gateway key with what it allows: tags every call made with it must carry (`require`) or should
 * prefer (`prefer`), and whether its clients may narrow their own routing with the
 * `x-llmrouter-require` / `x-llmrouter-prefer` headers (`trusted`).
 */
export interface GatewayKey {
  key: string;
  require?: Tags;
  prefer?: Tags;
  /** May send the routing headers. Default false. */
  trusted?: boolean;
}

/** What an accepted request's key grants: its routing constraints and whether routing headers count. */
export interface KeyGrant {
  readonly constraints: Readonly<TargetConstraints>;
  readonly trusted: boolean;
}

/** With no keys configured (loopback only), every local client is trusted with the routing headers. */
const openGrant: KeyGrant = Object.freeze({ constraints: Object.freeze({}), trusted: true });

/**
 * The keys a gateway accepts. Each presented token is hashed and compared with every configured key's
 * hash through `crypto.timingSafeEqual`, without stopping at a match, so neither the comparison nor the
 * number of keys checked reveals how much of a guess was right (hashing first also hides the keys'
 * lengths).
 */
export class GatewayKeys {
  private readonly digests: readonly Buffer[];
  private readonly grants: readonly KeyGrant[];

  constructor(keys: readonly (string | GatewayKey)[]) {
    const entries = keys.map((entry) => (typeof entry === 'string' ? { key: entry } : entry));
    this.digests = entries.map((entry) => digest(entry.key));
    this.grants = entries.map((entry) => {
      const constraints: TargetConstraints = {};
      if (entry.require && Object.keys(entry.require).length > 0) constraints.require = entry.require;
      if (entry.prefer && Object.keys(entry.prefer).length > 0) constraints.prefer = entry.prefer;
      return Object.freeze({ constraints: Object.freeze(constraints), trusted: entry.trusted === true });
    });
  }

  /** False when no keys are configured and every request is let in. */
  get required(): boolean {
    return this.digests.length > 0;
  }

  /** Whether an `Authorization` header value carries one of the keys. */
  accepts(authorization: string | undefined): boolean {
    return this.grantFor({ authorization }) !== undefined;
  }

  /** Whether a key presented on its own (Anthropic's `x-api-key` header) is one of the keys. */
  acceptsKey(key: string | undefined): boolean {
    return this.grantFor({ apiKey: key ?? '' }) !== undefined;
  }

  /**
   * What the presented key grants, or `undefined` when it is not one of the keys. `apiKey` (a key on its
   * own, as in `x-api-key`) is read when given, else the Bearer token of `authorization`.
   */
  grantFor(presented: { authorization?: string; apiKey?: string }): KeyGrant | undefined {
    if (this.digests.length === 0) return openGrant;
    let token = presented.apiKey;
    if (token === undefined) {
      const { authorization } = presented;
      const match = authorization === undefined ? null : bearer.exec(authorization);
      if (!match) return undefined;
      token = authorization!.slice(match[0].length);
    }
    if (token === '') return undefined;
    const candidate = digest(token.trim());
    let matched = -1;
    for (const [index, key] of this.digests.entries()) {
      if (timingSafeEqual(candidate, key)) matched = index;
    }
    return matched < 0 ? undefined : this.grants[matched];
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
