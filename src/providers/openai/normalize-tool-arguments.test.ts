import { describe, expect, it } from 'vitest';
import { normalizeToolArguments } from './normalize-tool-arguments.js';

describe('normalizeToolArguments', () => {
  it('keeps JSON text exactly as the model produced it', () => {
    expect(normalizeToolArguments('{"location": "San Francisco"}')).toBe('{"location": "San Francisco"}');
  });

  it('turns missing or empty arguments into an empty object', () => {
    expect(normalizeToolArguments('')).toBe('{}');
    expect(normalizeToolArguments(null)).toBe('{}');
    expect(normalizeToolArguments(undefined)).toBe('{}');
  });

  it('serialises arguments sent as an object', () => {
    expect(normalizeToolArguments({ location: 'Berlin', days: 2 })).toBe('{"location":"Berlin","days":2}');
  });
});
