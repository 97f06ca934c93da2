import { Gauge, type Registry } from 'prom-client';

/** Which configuration a gateway serves: how many it has loaded, and a digest of the file's text. */
export interface ConfigVersion {
  /** 1 for the configuration the gateway started with, one more for each reload that took effect. */
  version: number;
  /** The first 12 hex digits of the SHA-256 of the file's text, to tell replicas' files apart. */
  hash: string;
  /** When it took effect, ISO 8601. */
  loadedAt: string;
}

/**
 * `llmrouter_config_info{hash}`: the version of the configuration being served, as the gauge's value,
 * labelled with its digest. Only the current configuration's series is present.
 */
export class ConfigVersionMetric {
  private readonly gauge: Gauge<'hash'>;

  constructor(registry: Registry) {
    this.gauge = new Gauge({
      name: 'llmrouter_config_info',
      help: 'The configuration being served: its version (1 at start, +1 per reload) labelled by its digest',
      labelNames: ['hash'],
      registers: [registry],
      // Across cluster workers: one series per digest served, at the highest version any worker counts
      // (a replaced worker starts again at 1). Two digests at once mean the workers disagree.
      aggregator: 'max',
    });
  }

  set(version: ConfigVersion): void {
    this.gauge.reset();
    this.gauge.set({ hash: version.hash }, version.version);
  }
}
