import diagnosticsChannel from 'node:diagnostics_channel';

/**
 * Counts HTTP requests undici creates (the `undici:request:create` diagnostics channel fires
 * synchronously as each one is made), so a test can show a request was not made without sleeping.
 */
export function countRequestsCreated(): { readonly count: number; stop(): void } {
  let count = 0;
  const onCreate = () => {
    count++;
  };
  diagnosticsChannel.subscribe('undici:request:create', onCreate);
  return {
    get count() {
      return count;
    },
    stop() {
      diagnosticsChannel.unsubscribe('undici:request:create', onCreate);
    },
  };
}
