import { describe, expect, it } from 'vitest';
import { GatewayKeys } from './gateway-keys.js';

describe('GatewayKeys', () => {
  const keys = new GatewayKeys(['team-a-key', 'team-b-key']);

  it('accepts any configured key as a bearer token', () => {
    expect(keys.required).toBe(true);
    expect(keys.accepts('Bearer team-a-key')).toBe(true);
    expect(keys.accepts('bearer   team-b-key ')).toBe(true);
  });

  it('refuses a missing header, another scheme, a wrong key, and a prefix of a key', () => {
    expect(keys.accepts(undefined)).toBe(false);
    expect(keys.accepts('Basic team-a-key')).toBe(false);
    expect(keys.accepts('team-a-key')).toBe(false);
    expect(keys.accepts('Bearer team-c-key')).toBe(false);
    expect(keys.accepts('Bearer team-a')).toBe(false);
    expect(keys.accepts('Bearer ')).toBe(false);
  });

  it('accepts a key presented on its own (x-api-key), and nothing else', () => {
    expect(keys.acceptsKey('team-b-key')).toBe(true);
    expect(keys.acceptsKey('team-b')).toBe(false);
    expect(keys.acceptsKey('')).toBe(false);
    expect(keys.acceptsKey(undefined)).toBe(false);
  });

  it('lets everything in when no keys are configured', () => {
    const open = new GatewayKeys([]);
    expect(open.required).toBe(false);
    expect(open.accepts(undefined)).toBe(true);
  });
});
