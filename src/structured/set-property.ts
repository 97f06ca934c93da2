/**
 * Sets an own property the way `JSON.parse` does: a key named `__proto__` becomes an ordinary property
 * instead of replacing the object's prototype (which plain assignment would do with model-written keys).
 */
export function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}
