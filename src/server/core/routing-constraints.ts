import type { IncomingMessage } from 'node:http';
import type { Tags, TargetConstraints } from '../../types/tags.js';
import { GatewayError, invalidRequest } from './gateway-error.js';
import type { KeyGrant } from './gateway-keys.js';

/** The request headers a trusted client narrows its own routing with: `region=eu,zdr=true`. */
export const routingHeaders = Object.freeze({
  require: 'x-llmrouter-require',
  prefer: 'x-llmrouter-prefer',
});

const number = /^-?\d+(\.\d+)?$/;

/**
 * One routing header's tags. Values `true` and `false` are booleans and decimal numbers are numbers, as
 * the same tags written in the configuration file are; anything else is a string.
 */
export function parseTagHeader(name: string, value: string): Tags {
  const tags: Record<string, string | number | boolean> = {};
  for (const pair of value.split(',')) {
    if (pair.trim() === '') continue;
    const equals = pair.indexOf('=');
    const tag = equals < 0 ? '' : pair.slice(0, equals).trim();
    const raw = equals < 0 ? '' : pair.slice(equals + 1).trim();
    if (tag === '' || raw === '') {
      throw invalidRequest({
        param: name,
        code: 'invalid_routing_header',
        message: `The ${name} header must list tag=value pairs separated by commas (region=eu,zdr=true); got "${pair.trim()}".`,
      });
    }
    tags[tag] = raw === 'true' ? true : raw === 'false' ? false : number.test(raw) ? Number(raw) : raw;
  }
  return tags;
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The constraints a request is routed under: its key's, narrowed by the routing headers when the key
 * is trusted with them. A header can add requirements and preferences, never loosen the key's: a
 * required tag the header gives another value is refused (400), and an untrusted key sending a routing
 * header is refused (403) rather than having it ignored. `undefined` when nothing constrains the call.
 */
export function routingConstraintsOf(
  request: IncomingMessage,
  grant: KeyGrant | undefined,
): TargetConstraints | undefined {
  const keyed = grant?.constraints ?? {};
  const requireHeader = headerOf(request, routingHeaders.require);
  const preferHeader = headerOf(request, routingHeaders.prefer);
  if (requireHeader === undefined && preferHeader === undefined) {
    return keyed.require || keyed.prefer ? keyed : undefined;
  }
  if (!grant?.trusted) {
    throw new GatewayError({
      status: 403,
      code: 'routing_header_not_allowed',
      message: `This gateway key may not set ${routingHeaders.require} or ${routingHeaders.prefer}; mark the key trusted in server.keys, or leave the headers out.`,
    });
  }
  const constraints: TargetConstraints = {};
  if (requireHeader !== undefined) {
    const asked = parseTagHeader(routingHeaders.require, requireHeader);
    for (const [tag, value] of Object.entries(keyed.require ?? {})) {
      if (tag in asked && asked[tag] !== value) {
        throw invalidRequest({
          param: routingHeaders.require,
          code: 'routing_conflict',
          message: `${routingHeaders.require} asks for ${tag}=${String(asked[tag])}, but this gateway key requires ${tag}=${String(value)}.`,
        });
      }
    }
    constraints.require = { ...asked, ...keyed.require };
  } else if (keyed.require) {
    constraints.require = keyed.require;
  }
  if (preferHeader !== undefined) {
    constraints.prefer = { ...parseTagHeader(routingHeaders.prefer, preferHeader), ...keyed.prefer };
  } else if (keyed.prefer) {
    constraints.prefer = keyed.prefer;
  }
  return constraints;
}
