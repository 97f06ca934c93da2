export type { RouterProvider, RouterProviderSettings } from './create-router-provider.js';
export { createRouterProvider } from './create-router-provider.js';
export { InvalidRouterOptionsError } from './invalid-router-options-error.js';
export type { RouterProviderOptions } from './router-call-options.js';
export type { RouterLanguageModelSettings } from './router-language-model.js';
export { RouterLanguageModel } from './router-language-model.js';
