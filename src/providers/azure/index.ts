export {
  type AzureOpenAIOptions,
  azureDefaultApiVersion,
  azureEnvironmentVariables,
  azureOpenai,
} from './azure-openai-provider.js';
