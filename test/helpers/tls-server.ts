import { readFileSync } from 'node:fs';

const folder = new URL('./tls/', import.meta.url);

/** The test-only certificate for 127.0.0.1 and its key (PEM). */
export const localTls = {
  cert: readFileSync(new URL('localhost-cert.pem', folder), 'utf8'),
  key: readFileSync(new URL('localhost-key.pem', folder), 'utf8'),
};
