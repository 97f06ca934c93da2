import { z } from 'zod';

/** `server.cors`: which browser origins may call the gateway, and how preflights are answered. */
export const corsSchema = z.strictObject({
  /** Allowed origins (`https://app.example.com`), or `'*'` for any. */
  origins: z.union([z.literal('*'), z.array(z.string().min(1)).min(1)]),
  /** Request headers a browser may send. Default: any (`*`) plus `authorization`. */
  allowHeaders: z.array(z.string().min(1)).optional(),
  /** Response headers a browser's script may read, besides the trail headers. */
  exposeHeaders: z.array(z.string().min(1)).optional(),
  /** How long a browser may cache a preflight's answer. Default 600. */
  maxAgeSeconds: z.number().int().nonnegative().optional(),
  /** Let browsers send cookies and HTTP auth (`Access-Control-Allow-Credentials`). Default false. */
  credentials: z.boolean().optional(),
});

/** The `server.cors` section. */
export type CorsConfig = z.infer<typeof corsSchema>;
