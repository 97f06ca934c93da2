import type { ProviderCapabilities } from '../types/provider.js';
import type { CompletionRequest } from '../types/request.js';
import type { RequiredCapability } from './router-types.js';

const none: readonly RequiredCapability[] = [];

/** The optional capabilities a request needs. Most requests need none, and then nothing is allocated. */
export function requiredCapabilities(request: CompletionRequest): readonly RequiredCapability[] {
  let needed: RequiredCapability[] | undefined;
  const need = (capability: RequiredCapability) => {
    needed ??= [];
    if (!needed.includes(capability)) needed.push(capability);
  };
  if (request.tools && request.tools.length > 0 && request.toolChoice !== 'none') need('tools');
  const format = request.responseFormat?.type;
  if (format === 'json_schema') need('jsonSchemaOutput');
  else if (format === 'json') need('jsonOutput');
  for (const message of request.messages) {
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    for (const part of message.content) {
      if (part.type === 'image') need('imageInput');
      else if (part.type === 'file') need('documentInput');
    }
  }
  return needed ?? none;
}

/** The first needed capability the provider lacks, or `undefined`. */
export function missingCapability(
  capabilities: ProviderCapabilities,
  needed: readonly RequiredCapability[],
): RequiredCapability | undefined {
  for (const capability of needed) if (!capabilities[capability]) return capability;
  return undefined;
}
