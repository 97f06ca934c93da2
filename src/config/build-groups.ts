import { rateLimit } from '../middleware/rate-limit.js';
import type { GroupMemberOptions, GroupOptions } from '../router/groups/group-options.js';
import type { Provider } from '../types/provider.js';
import { buildProvider } from './build-provider.js';
import type { GatewayConfig, GroupConfig } from './config-schema.js';

type GroupMemberConfig = GroupConfig['members'][number];

/**
 * The router's groups from a resolved configuration. A member naming a provider with several `apiKeys`
 * becomes one member per key (`openai#1`, `openai#2`, ... or `<name>#n`), each with its own adapter; a
 * member with its own `apiKey` or `baseURL` gets an adapter of its own; a `rateLimit` is that member's
 * alone (each key its own).
 */
export function buildGroups(
  config: Pick<GatewayConfig, 'groups' | 'providers'>,
): Record<string, GroupOptions> | undefined {
  if (!config.groups) return undefined;
  const groups: Record<string, GroupOptions> = {};
  for (const [name, group] of Object.entries(config.groups)) {
    groups[name] = {
      strategy: group.strategy,
      latency: group.latency,
      authHoldMs: group.authHoldMs,
      members: group.members.flatMap((member) => expandMember(member, config.providers)),
    };
  }
  return groups;
}

function expandMember(
  member: GroupMemberConfig,
  providers: GatewayConfig['providers'],
): GroupMemberOptions[] {
  const providerConfig = providers[member.provider]!;
  const keys = member.apiKey !== undefined ? [member.apiKey] : providerConfig.apiKeys;
  const base: GroupMemberOptions = {
    provider: member.provider,
    model: member.model,
    name: member.name,
    weight: member.weight,
    tags: member.tags,
  };
  if (keys === undefined || (keys.length === 1 && member.apiKey === undefined)) {
    if (member.baseURL === undefined) return [withLimit(base, member)];
    return [
      withLimit({ ...base, adapter: adapterFor(member, providerConfig, providerConfig.apiKey) }, member),
    ];
  }
  return keys.map((key, index) => {
    const numbered = keys.length > 1 ? `${member.name ?? member.provider}#${index + 1}` : member.name;
    return withLimit({ ...base, name: numbered, adapter: adapterFor(member, providerConfig, key) }, member);
  });
}

function adapterFor(
  member: GroupMemberConfig,
  providerConfig: GatewayConfig['providers'][string],
  apiKey: string | undefined,
): Provider {
  return buildProvider(member.provider, {
    ...providerConfig,
    apiKey,
    apiKeys: undefined,
    baseURL: member.baseURL ?? providerConfig.baseURL,
  });
}

function withLimit(options: GroupMemberOptions, member: GroupMemberConfig): GroupMemberOptions {
  const limit = member.rateLimit;
  if (!limit) return options;
  // One limiter per member (per key): keyed by the member's name, which its chain presents.
  const limiter = rateLimit({
    requestsPerMinute: limit.requestsPerMinute,
    tokensPerMinute: limit.tokensPerMinute,
    onLimit: limit.onLimit ?? 'fallback',
    scope: 'provider',
  });
  return { ...options, middleware: [limiter] };
}
