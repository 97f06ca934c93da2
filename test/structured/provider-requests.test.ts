import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from '../../src/index.js';
import { anthropic, deepseek, gemini, openai } from '../../src/providers/index.js';
import { completeObject } from '../../src/structured/index.js';
import { type FakeProviderServer, startFakeProviderServer } from '../../src/testing/index.js';
import { order, orderSchema, profile, profileSchema } from './fixture-schemas.js';

const messages = [{ role: 'user' as const, content: 'Extract it.' }];

describe('the request each provider receives for a schema', () => {
  let server: FakeProviderServer;
  let router: ReturnType<typeof createRouter>;

  beforeAll(async () => {
    server = await startFakeProviderServer();
    router = createRouter({
      providers: {
        openai: openai({ apiKey: 'test-key', baseURL: server.upstream('openai').baseURL('openai') }),
        anthropic: anthropic({
          apiKey: 'test-key',
          baseURL: server.upstream('anthropic').baseURL('anthropic'),
        }),
        claude: anthropic({
          name: 'claude',
          apiKey: 'test-key',
          baseURL: server.upstream('claude').baseURL('anthropic'),
          structuredOutput: 'auto',
        }),
        gemini: gemini({ apiKey: 'test-key', baseURL: server.upstream('gemini').baseURL('gemini') }),
        deepseek: deepseek({ apiKey: 'test-key', baseURL: server.upstream('deepseek').baseURL('openai') }),
      },
      modelMap: {
        'gpt-4o-mini': 'openai',
        'claude-3-5-haiku-latest': 'anthropic',
        'claude-sonnet-4-5': 'claude',
        'gemini-2.5-flash': 'gemini',
        'gemini-2.0-flash': 'gemini',
        'deepseek-chat': 'deepseek',
      },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    for (const name of ['openai', 'anthropic', 'claude', 'gemini', 'deepseek']) server.upstream(name).reset();
  });

  function bodyOf(upstream: string): Record<string, unknown> {
    const requests = server.upstream(upstream).requests;
    expect(requests).toHaveLength(1);
    return requests[0]!.body as Record<string, unknown>;
  }

  describe('OpenAI: strict json_schema', () => {
    it('makes every property required, optional ones nullable, and closes every object', async () => {
      server.upstream('openai').enqueue({ type: 'reply', text: JSON.stringify({ ...order, note: null }) });
      const { object } = await completeObject(router, {
        model: 'gpt-4o-mini',
        messages,
        schema: orderSchema,
      });
      // Strict mode's null for the optional `note` is an absent field again.
      expect(object).toEqual(order);
      expect(bodyOf('openai').response_format).toMatchInlineSnapshot(`
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
      server.upstream('openai').enqueue({ type: 'reply', text: JSON.stringify(profile) });
      const { object } = await completeObject(router, {
        model: 'gpt-4o-mini',
        messages,
        schema: profileSchema,
      });
      expect(object).toEqual(profile);
      expect(bodyOf('openai').response_format).toMatchInlineSnapshot(`
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

  describe('Anthropic: a forced json tool, or native output_config where the model has it', () => {
    it('sends the schema as the input schema of a forced tool on older models', async () => {
      server
        .upstream('anthropic')
        .enqueue({ type: 'reply', toolCalls: [{ name: 'json', arguments: order }] });
      const { object } = await completeObject(router, {
        model: 'claude-3-5-haiku-latest',
        messages,
        schema: orderSchema,
      });
      expect(object).toEqual(order);
      const body = bodyOf('anthropic');
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
      server.upstream('claude').enqueue({ type: 'reply', text: JSON.stringify(order) });
      const { object } = await completeObject(router, {
        model: 'claude-sonnet-4-5',
        messages,
        schema: orderSchema,
      });
      expect(object).toEqual(order);
      const body = bodyOf('claude');
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
      server.upstream('claude').enqueue({ type: 'reply', text: JSON.stringify(profile) });
      await completeObject(router, { model: 'claude-sonnet-4-5', messages, schema: profileSchema });
      expect(bodyOf('claude').output_config).toMatchInlineSnapshot(`
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

  describe('Gemini: responseJsonSchema, or the OpenAPI responseSchema before 2.5', () => {
    it('sends the schema as responseJsonSchema with the JSON mime type', async () => {
      server.upstream('gemini').enqueue({ type: 'reply', text: JSON.stringify(order) });
      const { object } = await completeObject(router, {
        model: 'gemini-2.5-flash',
        messages,
        schema: orderSchema,
      });
      expect(object).toEqual(order);
      expect(bodyOf('gemini').generationConfig).toMatchInlineSnapshot(`
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
      server.upstream('gemini').enqueue({ type: 'reply', text: JSON.stringify(profile) });
      await completeObject(router, { model: 'gemini-2.5-flash', messages, schema: profileSchema });
      expect(bodyOf('gemini').generationConfig).toMatchInlineSnapshot(`
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
      server.upstream('gemini').enqueue({ type: 'reply', text: JSON.stringify(order) });
      await completeObject(router, { model: 'gemini-2.0-flash', messages, schema: orderSchema });
      expect(bodyOf('gemini').generationConfig).toMatchInlineSnapshot(`
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

  describe('DeepSeek: json_object with the schema in the prompt', () => {
    it('asks for json_object and puts the schema in a system message that says JSON', async () => {
      server.upstream('deepseek').enqueue({ type: 'reply', text: JSON.stringify(order) });
      const { object, response } = await completeObject(router, {
        model: 'deepseek-chat',
        messages: [
          { role: 'system', content: 'You extract orders.' },
          { role: 'user', content: 'Order A-1 shipped to Ada: 2 of X.' },
        ],
        schema: orderSchema,
      });
      expect(object).toEqual(order);
      const body = bodyOf('deepseek');
      expect(body.response_format).toEqual({ type: 'json_object' });
      expect(body.messages).toMatchInlineSnapshot(`
        [
          {
            "content": "You extract orders.",
            "role": "system",
          },
          {
            "content": "Answer with one JSON object that matches the JSON Schema below, and nothing else: no prose, no code fences.

        JSON Schema:
        {"type":"object","properties":{"id":{"type":"string"},"status":{"type":"string","enum":["pending","shipped","delivered"]},"note":{"type":"string"},"customer":{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"}},"required":["name"]},"items":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},"quantity":{"type":"integer"},"gift":{"type":"boolean"}},"required":["sku","quantity"]}}},"required":["id","status","customer","items"]}",
            "role": "system",
          },
          {
            "content": "Order A-1 shipped to Ada: 2 of X.",
            "role": "user",
          },
        ]
      `);
      // The router reports DeepSeek's capabilities, so JSON mode is chosen up front: one request, no skip.
      expect(response.trail.map((attempt) => attempt.outcome)).toEqual(['success']);
    });
  });
});
