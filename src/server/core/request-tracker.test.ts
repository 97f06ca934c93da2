import { describe, expect, it } from 'vitest';
import { createRouter } from '../../router/create-router.js';
import { MockProvider } from '../../testing/mock-provider.js';
import { mockStep } from '../../testing/mock-steps.js';
import { TrackingInstrumentation } from './request-tracker.js';

describe('TrackingInstrumentation', () => {
  it('tells each request which target served, how many attempts it took, and whether it fell back', async () => {
    const instrumentation = new TrackingInstrumentation();
    const router = createRouter({
      providers: {
        primary: new MockProvider({
          name: 'primary',
          models: ['m1'],
          fallback: mockStep.error({ status: 503 }),
        }),
        backup: new MockProvider({ name: 'backup', models: ['m2'], fallback: mockStep.reply('ok') }),
      },
      fallbacks: ['backup'],
      instrumentation,
    });
    const failing = { model: 'm1', messages: [{ role: 'user' as const, content: 'Hi' }] };
    const direct = { model: 'm2', messages: [{ role: 'user' as const, content: 'Hi' }] };
    const failingTracker = instrumentation.track(failing);
    const directTracker = instrumentation.track(direct);
    await Promise.all([router.complete(failing), router.complete(direct)]);

    expect(failingTracker).toMatchObject({ provider: 'backup', model: 'm2', attempts: 2, fellBack: true });
    expect(directTracker).toMatchObject({ provider: 'backup', model: 'm2', attempts: 1, fellBack: false });
    expect(failingTracker.firstAttemptAt).toBeLessThanOrEqual(failingTracker.lastAttemptEndedAt!);
  });

  it('counts as overhead only the time outside upstream work', () => {
    const tracker = new TrackingInstrumentation().track({ model: 'm', messages: [] });
    expect(tracker.overheadMs({ startedAt: 100, endedAt: 105, upTo: 'last-attempt' })).toBe(5);
    tracker.firstAttemptAt = 101;
    tracker.firstContentAt = 150;
    tracker.lastAttemptEndedAt = 180;
    expect(tracker.overheadMs({ startedAt: 100, endedAt: 181, upTo: 'last-attempt' })).toBe(2);
    expect(tracker.overheadMs({ startedAt: 100, endedAt: 150.5, upTo: 'first-content' })).toBe(1.5);
  });
});
