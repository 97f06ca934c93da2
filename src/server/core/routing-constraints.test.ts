import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { GatewayKeys } from './gateway-keys.js';
import { parseTagHeader, routingConstraintsOf } from './routing-constraints.js';

const keys = new GatewayKeys([
  { key: 'eu-key', require: { region: 'eu' } },
  { key: 'trusted-key', prefer: { tier: 'cheap' }, trusted: true },
  { key: 'trusted-eu-key', require: { region: 'eu' }, trusted: true },
  'plain-key',
]);

function requestWith(key: string, headers: Record<string, string> = {}) {
  const request = { headers: { authorization: `Bearer ${key}`, ...headers } } as unknown as IncomingMessage;
  return { request, grant: keys.grantFor({ authorization: `Bearer ${key}` }) };
}

function constraintsOf(key: string, headers: Record<string, string> = {}) {
  const { request, grant } = requestWith(key, headers);
  return routingConstraintsOf(request, grant);
}

function refusalOf(key: string, headers: Record<string, string>) {
  try {
    constraintsOf(key, headers);
  } catch (error) {
    const { status, code, message } = error as { status: number; code: string; message: string };
    return { status, code, message };
  }
  throw new Error('not refused');
}

describe('routing constraints of a gateway request', () => {
  it("applies the key's own constraints to every call, and none for a plain key", () => {
    expect(constraintsOf('eu-key')).toEqual({ require: { region: 'eu' } });
    expect(constraintsOf('trusted-key')).toEqual({ prefer: { tier: 'cheap' } });
    expect(constraintsOf('plain-key')).toBeUndefined();
  });

  it('reads tag=value pairs, with booleans and numbers typed as in the configuration file', () => {
    expect(parseTagHeader('x-llmrouter-require', 'region=eu, zdr=true,tier = 2,beta=false,')).toEqual({
      region: 'eu',
      zdr: true,
      tier: 2,
      beta: false,
    });
    expect(() => parseTagHeader('x-llmrouter-require', 'region')).toThrow(/tag=value pairs.*"region"/);
    expect(() => parseTagHeader('x-llmrouter-require', '=eu')).toThrow(/"=eu"/);
  });

  it("lets a trusted key's client narrow its routing, on top of the key's preferences", () => {
    expect(
      constraintsOf('trusted-key', { 'x-llmrouter-require': 'zdr=true', 'x-llmrouter-prefer': 'region=eu' }),
    ).toEqual({ require: { zdr: true }, prefer: { region: 'eu', tier: 'cheap' } });
    expect(constraintsOf('trusted-eu-key', { 'x-llmrouter-require': 'zdr=true,region=eu' })).toEqual({
      require: { zdr: true, region: 'eu' },
    });
  });

  it("never lets a header loosen the key's requirement", () => {
    expect(refusalOf('trusted-eu-key', { 'x-llmrouter-require': 'region=us' })).toEqual({
      status: 400,
      code: 'routing_conflict',
      message: 'x-llmrouter-require asks for region=us, but this gateway key requires region=eu.',
    });
  });

  it('refuses the headers from a key not trusted with them, rather than ignoring them', () => {
    for (const key of ['eu-key', 'plain-key']) {
      expect(refusalOf(key, { 'x-llmrouter-prefer': 'tier=premium' })).toMatchObject({
        status: 403,
        code: 'routing_header_not_allowed',
      });
    }
  });

  it('trusts every local client of a gateway without keys (it listens on loopback only)', () => {
    const open = new GatewayKeys([]);
    const request = { headers: { 'x-llmrouter-require': 'region=eu' } } as unknown as IncomingMessage;
    expect(routingConstraintsOf(request, open.grantFor({}))).toEqual({ require: { region: 'eu' } });
  });

  it('grants by the key presented: Bearer or x-api-key, and nothing for a wrong key', () => {
    expect(keys.grantFor({ apiKey: 'eu-key' })?.constraints).toEqual({ require: { region: 'eu' } });
    expect(keys.grantFor({ authorization: 'Bearer trusted-key' })?.trusted).toBe(true);
    expect(keys.grantFor({ authorization: 'Bearer eu' })).toBeUndefined();
    expect(keys.grantFor({})).toBeUndefined();
  });
});
