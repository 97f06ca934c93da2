export { type BuildRouterOptions, type BuiltRouter, buildRouter } from '../config/build-router.js';
export { ConfigFileError, type ConfigIssue } from '../config/config-issue.js';
export type { GatewayConfig, ProviderConfig, ServerConfig } from '../config/config-schema.js';
export type {
  GatewayPlugin,
  GatewayPluginContext,
  GatewayPluginFactory,
  GatewayPluginModule,
} from '../config/gateway-plugin.js';
export { type LoadRouterOptions, loadRouter } from '../config/load-router.js';
export { loadConfig, parseConfig } from '../config/parse-config.js';
export type { ClientErrorCounts } from './core/client-errors.js';
export type { ConfigVersion } from './core/config-version-metric.js';
export type { ConnectionCaps, ConnectionCounts } from './core/connection-guard.js';
export type { GatewayKey, KeyGrant } from './core/gateway-keys.js';
export { type GatewayLimits, gatewayLimitDefaults } from './core/gateway-limits.js';
export { createGatewayServer, type ServableGateway } from './core/gateway-server.js';
export { type LogOutput, RequestLog } from './core/request-log.js';
export {
  createGateway,
  createGatewayObservers,
  type Gateway,
  type GatewayObservers,
  type GatewayOptions,
  type ListedModel,
} from './create-gateway.js';
export {
  type ReloadOutcome,
  type RunningGateway,
  type StartGatewayOptions,
  startGateway,
} from './start-gateway.js';
