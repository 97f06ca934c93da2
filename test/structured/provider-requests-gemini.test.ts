import { describe, expect, it } from 'vitest';
import { completeObject } from '../../src/structured/index.js';
import { order, orderSchema, profile, profileSchema } from './fixture-schemas.js';
import { messages, useSchemaRequests } from './schema-requests.js';

const requests = useSchemaRequests();

describe('Gemini: responseJsonSchema, or the OpenAPI responseSchema before 2.5', () => {
  it('sends the schema as responseJsonSchema with the JSON mime type', async () => {
    requests.server.upstream('gemini').enqueue({ type: 'reply', text: JSON.stringify(order) });
    const { object } = await completeObject(requests.router, {
      model: 'gemini-2.5-flash',
      messages,
      schema: orderSchema,
    });
    expect(object).toEqual(order);
    expect(requests.bodyOf('gemini').generationConfig).toMatchInlineSnapshot(`
      {
        "responseJsonSchema": {
          "properties": {
            "customer": {
              "properties": {
                "email": {
                  "type": "string",
                },
                "name": {
                  "type": "string",
                },
              },
              "required": [
                "name",
              ],
              "type": "object",
            },
            "id": {
              "type": "string",
            },
            "items": {
              "items": {
                "properties": {
                  "gift": {
                    "type": "boolean",
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
                ],
                "type": "object",
              },
              "type": "array",
            },
            "note": {
              "type": "string",
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
            "customer",
            "items",
          ],
          "type": "object",
        },
        "responseMimeType": "application/json",
      }
    `);
  });

  it('turns const into enum and oneOf into anyOf, and describes what Gemini does not document', async () => {
    requests.server.upstream('gemini').enqueue({ type: 'reply', text: JSON.stringify(profile) });
    await completeObject(requests.router, { model: 'gemini-2.5-flash', messages, schema: profileSchema });
    expect(requests.bodyOf('gemini').generationConfig).toMatchInlineSnapshot(`
      {
        "responseJsonSchema": {
          "properties": {
            "age": {
              "description": "Constraints: exclusiveMaximum: 130",
              "minimum": 13,
              "type": "integer",
            },
            "contact": {
              "anyOf": [
                {
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
              "description": "Constraints: minLength: 3, maxLength: 20, pattern: "^[a-z0-9_]+$"",
              "type": "string",
            },
            "kind": {
              "enum": [
                "person",
              ],
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
              "format": "uri",
              "type": "string",
            },
          },
          "required": [
            "handle",
            "age",
            "tags",
            "kind",
            "contact",
          ],
          "type": "object",
        },
        "responseMimeType": "application/json",
      }
    `);
  });

  it('sends responseSchema in the OpenAPI subset to Gemini 2.0', async () => {
    requests.server.upstream('gemini').enqueue({ type: 'reply', text: JSON.stringify(order) });
    await completeObject(requests.router, { model: 'gemini-2.0-flash', messages, schema: orderSchema });
    expect(requests.bodyOf('gemini').generationConfig).toMatchInlineSnapshot(`
      {
        "responseMimeType": "application/json",
        "responseSchema": {
          "properties": {
            "customer": {
              "properties": {
                "email": {
                  "type": "string",
                },
                "name": {
                  "type": "string",
                },
              },
              "propertyOrdering": [
                "name",
                "email",
              ],
              "required": [
                "name",
              ],
              "type": "object",
            },
            "id": {
              "type": "string",
            },
            "items": {
              "items": {
                "properties": {
                  "gift": {
                    "type": "boolean",
                  },
                  "quantity": {
                    "type": "integer",
                  },
                  "sku": {
                    "type": "string",
                  },
                },
                "propertyOrdering": [
                  "sku",
                  "quantity",
                  "gift",
                ],
                "required": [
                  "sku",
                  "quantity",
                ],
                "type": "object",
              },
              "type": "array",
            },
            "note": {
              "type": "string",
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
          "propertyOrdering": [
            "id",
            "status",
            "note",
            "customer",
            "items",
          ],
          "required": [
            "id",
            "status",
            "customer",
            "items",
          ],
          "type": "object",
        },
      }
    `);
  });
});
