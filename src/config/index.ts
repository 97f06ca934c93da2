export { buildProvider } from './build-provider.js';
export { type BuildRouterOptions, type BuiltRouter, buildRouter } from './build-router.js';
export {
  ConfigFileError,
  type ConfigIssue,
  type ConfigPath,
  formatIssue,
  formatPath,
} from './config-issue.js';
export {
  configSchema,
  type GatewayConfig,
  type ProviderConfig,
  type ProviderType,
  providerTypes,
  type ServerConfig,
} from './config-schema.js';
export { didYouMean } from './did-you-mean.js';
export {
  isSet,
  type MissingVariable,
  referencedVariables,
  resolveEnv,
  type VariableUse,
} from './env-references.js';
export { defaultKeyVariable, loadConfig, parseConfig } from './parse-config.js';
export { type RoutableModel, routableModels } from './routable-models.js';
export { byteCount, resolveServerSettings, type ServerSettings, serverDefaults } from './server-settings.js';
