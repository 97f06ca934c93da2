import { describe, expect, it } from 'vitest';
import { completeObject } from '../../src/structured/index.js';
import { order, orderSchema, profile, profileSchema } from './fixture-schemas.js';
import { messages, useSchemaRequests } from './schema-requests.js';

const requests = useSchemaRequests();

describe('OpenAI: strict json_schema', () => {
  it('makes every property required, optional ones nullable, and closes every object', async () => {
    requests.server
      .upstream('openai')
      .enqueue({ type: 'reply', text: JSON.stringify({ ...order, note: null }) });
    const { object } = await completeObject(requests.router, {
      model: 'gpt-4o-mini',
      messages,
      schema: orderSchema,
    });
    // Strict mode's null for the optional `note` is an absent field again.
    expect(object).toEqual(order);
    expect(requests.bodyOf('openai').response_format).toMatchInlineSnapshot(`
      {
        "json_schema": {
          "name": "response",
          "schema": {
            "additionalProperties": false,
            "properties": {
              "customer": {
                "additionalProperties": false,
                "properties": {
                  "email": {
                    "type": [
                      "string",
                      "null",
                    ],
                  },
                  "name": {
                    "type": "string",
                  },
                },
                "required": [
                  "name",
                  "email",
                ],
                "type": "object",
              },
              "id": {
                "type": "string",
              },
              "items": {
                "items": {
                  "additionalProperties": false,
                  "properties": {
                    "gift": {
                      "type": [
                        "boolean",
                        "null",
                      ],
                    },
                    "quantity": {
                      "type": "integer",
                    },
                    "sku": {
                      "type": "string",
                    },
                  },
                  "required": [
                    "sku",
                    "quantity",
                    "gift",
                  ],
                  "type": "object",
                },
                "type": "array",
              },
              "note": {
                "type": [
                  "string",
                  "null",
                ],
              },
              "status": {
                "enum": [
                  "pending",
                  "shipped",
                  "delivered",
                ],
                "type": "string",
              },
            },
            "required": [
              "id",
              "status",
              "note",
              "customer",
              "items",
            ],
            "type": "object",
          },
          "strict": true,
        },
        "type": "json_schema",
      }
    `);
  });

  it('describes the keywords strict mode rejects and turns oneOf into anyOf', async () => {
    requests.server.upstream('openai').enqueue({ type: 'reply', text: JSON.stringify(profile) });
    const { object } = await completeObject(requests.router, {
      model: 'gpt-4o-mini',
      messages,
      schema: profileSchema,
    });
    expect(object).toEqual(profile);
    expect(requests.bodyOf('openai').response_format).toMatchInlineSnapshot(`
      {
        "json_schema": {
          "name": "response",
          "schema": {
            "additionalProperties": false,
            "properties": {
              "age": {
                "exclusiveMaximum": 130,
                "minimum": 13,
                "type": "integer",
              },
              "contact": {
                "anyOf": [
                  {
                    "additionalProperties": false,
                    "properties": {
                      "email": {
                        "format": "email",
                        "type": "string",
                      },
                    },
                    "required": [
                      "email",
                    ],
                    "type": "object",
                  },
                  {
                    "additionalProperties": false,
                    "properties": {
                      "phone": {
                        "type": "string",
                      },
                    },
                    "required": [
                      "phone",
                    ],
                    "type": "object",
                  },
                ],
              },
              "handle": {
                "description": "Constraints: minLength: 3, maxLength: 20",
                "pattern": "^[a-z0-9_]+$",
                "type": "string",
              },
              "kind": {
                "const": "person",
              },
              "tags": {
                "description": "Constraints: uniqueItems: true",
                "items": {
                  "type": "string",
                },
                "minItems": 2,
                "type": "array",
              },
              "website": {
                "description": "Constraints: format: "uri"",
                "type": [
                  "string",
                  "null",
                ],
              },
            },
            "required": [
              "handle",
              "age",
              "website",
              "tags",
              "kind",
              "contact",
            ],
            "type": "object",
          },
          "strict": true,
        },
        "type": "json_schema",
      }
    `);
  });
});
