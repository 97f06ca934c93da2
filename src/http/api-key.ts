import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * Reads an API key from the first set environment variable. A missing key is a configuration error that
 * names the variables, never a request sent with an empty key.
 */
export function apiKeyFromEnv(variables: readonly string[], providerName: string): string {
  for (const variable of variables) {
    const value = process.env[variable];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  throw new ConfigurationError(
    `No API key for provider "${providerName}": set ${variables.join(' or ')}, or pass apiKey`,
  );
}

/** Ensures a key given in code is usable. */
export function requireApiKey(
  apiKey: string | undefined,
  providerName: string,
  variables: readonly string[],
): string {
  if (apiKey !== undefined && apiKey.trim() !== '') return apiKey.trim();
  const hint = variables.length > 0 ? ` (or use fromEnv() with ${variables.join(' or ')})` : '';
  throw new ConfigurationError(`Provider "${providerName}" needs an apiKey${hint}`);
}

/** Removes every occurrence of a secret (and its long fragments echoed in provider messages) from text. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 8) return text;
  let result = text.split(secret).join('[redacted]');
  // Providers echo keys partly masked ("sk-abc1****wxyz"); drop any 8+ character prefix or suffix.
  const head = secret.slice(0, 8);
  const tail = secret.slice(-8);
  if (result.includes(head)) result = result.split(head).join('[redacted]');
  if (result.includes(tail)) result = result.split(tail).join('[redacted]');
  return result;
}
