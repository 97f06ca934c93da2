import { describe, expect, it } from 'vitest';
import { routeRequest } from './route-request.js';

describe('routeRequest', () => {
  it('routes each format by its endpoint', () => {
    expect(routeRequest('POST', '/primary/v1/chat/completions')).toEqual({
      kind: 'completion',
      upstream: 'primary',
      format: 'openai',
      details: { model: undefined, stream: false },
    });
    expect(routeRequest('POST', '/primary/v1/messages')).toMatchObject({
      kind: 'completion',
      format: 'anthropic',
    });
    expect(routeRequest('POST', '/backup/v1beta/models/gemini-2.0-flash:generateContent')).toEqual({
      kind: 'completion',
      upstream: 'backup',
      format: 'gemini',
      details: { model: 'gemini-2.0-flash', stream: false },
    });
    expect(
      routeRequest('POST', '/backup/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse'),
    ).toEqual({
      kind: 'completion',
      upstream: 'backup',
      format: 'gemini',
      details: { model: 'gemini-2.0-flash', stream: true },
    });
  });

  it('accepts any version path before the endpoint, as OpenAI-compatible base URLs have', () => {
    expect(routeRequest('POST', '/groq/openai/v1/chat/completions')).toMatchObject({
      upstream: 'groq',
      format: 'openai',
    });
  });

  it('decodes the upstream name and the Gemini model', () => {
    expect(routeRequest('POST', '/my%20upstream/v1beta/models/tuned%2Dmodel:generateContent')).toMatchObject({
      upstream: 'my upstream',
      details: { model: 'tuned-model' },
    });
  });

  it('refuses a Gemini stream without alt=sse in Gemini terms', () => {
    expect(routeRequest('POST', '/p/v1beta/models/m:streamGenerateContent')).toMatchObject({
      kind: 'unsupported',
      format: 'gemini',
    });
  });

  it('routes model listings by version path', () => {
    expect(routeRequest('GET', '/p/v1/models')).toEqual({ kind: 'models', upstream: 'p', format: 'openai' });
    expect(routeRequest('GET', '/p/v1beta/models')).toEqual({
      kind: 'models',
      upstream: 'p',
      format: 'gemini',
    });
  });

  it('finds nothing at unknown paths, wrong methods or without an upstream', () => {
    expect(routeRequest('POST', '/p/v1/completions')).toEqual({ kind: 'not_found' });
    expect(routeRequest('GET', '/p/v1/chat/completions')).toEqual({ kind: 'not_found' });
    expect(routeRequest('POST', '/chat')).toEqual({ kind: 'not_found' });
    expect(routeRequest('POST', '/%E0%A4%A/v1/messages')).toEqual({ kind: 'not_found' });
  });
});
