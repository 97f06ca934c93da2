import { describe, expect, it } from 'vitest';
import { completeObject } from '../../src/structured/index.js';
import { order, orderSchema, profile, profileSchema } from './fixture-schemas.js';
import { messages, useSchemaRequests } from './schema-requests.js';

const requests = useSchemaRequests();

describe('Anthropic: a forced json tool, or native output_config where the model has it', () => {
  it('sends the schema as the input schema of a forced tool on older models', async () => {
    requests.server
      .upstream('anthropic')
      .enqueue({ type: 'reply', toolCalls: [{ name: 'json', arguments: order }] });
    const { object } = await completeObject(requests.router, {
      model: 'claude-3-5-haiku-latest',
      messages,
      schema: orderSchema,
    });
    expect(object).toEqual(order);
    const body = requests.bodyOf('anthropic');
    expect({ tools: body.tools, tool_choice: body.tool_choice }).toMatchInlineSnapshot(`
      {
        "tool_choice": {
          "name": "json",
          "type": "tool",
        },
        "tools": [
          {
            "description": "Respond with JSON that matches this schema.",
            "input_schema": {
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
            "name": "json",
          },
        ],
      }
    `);
  });

  it('sends output_config.format with additionalProperties: false on Claude 4.5 (structuredOutput: auto)', async () => {
    requests.server.upstream('claude').enqueue({ type: 'reply', text: JSON.stringify(order) });
    const { object } = await completeObject(requests.router, {
      model: 'claude-sonnet-4-5',
      messages,
      schema: orderSchema,
    });
    expect(object).toEqual(order);
    const body = requests.bodyOf('claude');
    expect(body.tools).toBeUndefined();
    expect(body.output_config).toMatchInlineSnapshot(`
      {
        "format": {
          "schema": {
            "additionalProperties": false,
            "properties": {
              "customer": {
                "additionalProperties": false,
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
                  "additionalProperties": false,
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
          "type": "json_schema",
        },
      }
    `);
  });

  it('describes the numeric, length and item-count constraints native mode rejects', async () => {
    requests.server.upstream('claude').enqueue({ type: 'reply', text: JSON.stringify(profile) });
    await completeObject(requests.router, { model: 'claude-sonnet-4-5', messages, schema: profileSchema });
    expect(requests.bodyOf('claude').output_config).toMatchInlineSnapshot(`
      {
        "format": {
          "schema": {
            "additionalProperties": false,
            "properties": {
              "age": {
                "description": "Constraints: minimum: 13, exclusiveMaximum: 130",
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
                "description": "Constraints: uniqueItems: true, minItems: 2",
                "items": {
                  "type": "string",
                },
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
          "type": "json_schema",
        },
      }
    `);
  });
});
