import type { Counter, Meter } from '@opentelemetry/api';
import { ValueType } from '@opentelemetry/api';
import type { CircuitState, CircuitStateChangeEvent } from '../types/events.js';
import { METRIC_NAMES, ROUTER_ATTRIBUTES } from './gen-ai-names.js';

const states: readonly CircuitState[] = ['closed', 'open', 'half-open'];

interface TrackedBreaker {
  provider: string;
  model: string;
  state: CircuitState;
}

/**
 * Breaker state per target as a state set (one series per state, 1 for the current one, 0 for the
 * others: the shape OpenTelemetry uses for state metrics, and what a "which breakers are open" query
 * wants), plus a counter of transitions. Fed by `onCircuitStateChange`; a change delivered twice (router
 * hooks and `circuitBreaker({ onStateChange })` both wired) counts once, because a target already in the
 * new state is left alone.
 */
export class CircuitStateMetric {
  private readonly breakers = new Map<string, TrackedBreaker>();
  private readonly transitions: Counter;

  constructor(meter: Meter) {
    this.transitions = meter.createCounter(METRIC_NAMES.circuitTransitions, {
      description: 'Circuit breaker state changes, by target and states.',
      unit: '{transition}',
      valueType: ValueType.INT,
    });
    const gauge = meter.createObservableGauge(METRIC_NAMES.circuitState, {
      description: 'Circuit breaker state per target: 1 for the current state, 0 for the others.',
      unit: '1',
      valueType: ValueType.INT,
    });
    gauge.addCallback((result) => {
      for (const breaker of this.breakers.values()) {
        for (const state of states) {
          result.observe(breaker.state === state ? 1 : 0, {
            [ROUTER_ATTRIBUTES.provider]: breaker.provider,
            [ROUTER_ATTRIBUTES.model]: breaker.model,
            [ROUTER_ATTRIBUTES.circuitState]: state,
          });
        }
      }
    });
  }

  /** Records a breaker's change of state. */
  changed(event: CircuitStateChangeEvent): void {
    const key = `${event.target.provider}\u0000${event.target.model}`;
    const known = this.breakers.get(key);
    if (known?.state === event.to) return;
    if (known) known.state = event.to;
    else this.breakers.set(key, { ...event.target, state: event.to });
    this.transitions.add(1, {
      [ROUTER_ATTRIBUTES.provider]: event.target.provider,
      [ROUTER_ATTRIBUTES.model]: event.target.model,
      [ROUTER_ATTRIBUTES.circuitFrom]: event.from,
      [ROUTER_ATTRIBUTES.circuitTo]: event.to,
    });
  }
}
