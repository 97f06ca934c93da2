import type * as Main from '../../src/index.js';
import type * as Providers from '../../src/providers/index.js';
import { runFromSource } from './llmrouter-build.js';

// llmrouter's built modules (see `ensureBuild`), typed by the source they were built from; or the source
// itself under tsx for CPU profiles, so each sample keeps its file. Imported by contender processes only.
const base = new URL(runFromSource() ? '../../src/' : '../../dist/', import.meta.url);
const extension = runFromSource() ? '.ts' : '.js';

/** The package's main entry point. */
export const llmrouter = (await import(new URL(`index${extension}`, base).href)) as typeof Main;

/** `llmrouter/providers`. */
export const llmrouterProviders = (await import(
  new URL(`providers/index${extension}`, base).href
)) as typeof Providers;
