/** Runs instrumentation or pricing code so that its failure never reaches the request. */
export function isolate<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}
