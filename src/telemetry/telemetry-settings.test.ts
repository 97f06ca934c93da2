import { describe, expect, it } from 'vitest';
import { endpointOf } from './telemetry-settings.js';

describe('endpointOf', () => {
  it('takes host and port from a base URL, with the scheme default port', () => {
    expect(endpointOf('https://api.openai.com/v1')).toEqual({ address: 'api.openai.com', port: 443 });
    expect(endpointOf('http://127.0.0.1:11434/v1')).toEqual({ address: '127.0.0.1', port: 11434 });
    expect(endpointOf('http://localhost/v1')).toEqual({ address: 'localhost', port: 80 });
    expect(endpointOf('http://[::1]:8000/v1')).toEqual({ address: '::1', port: 8000 });
  });

  it('is undefined for something that is not a URL', () => {
    expect(endpointOf('api.openai.com')).toBeUndefined();
  });
});
