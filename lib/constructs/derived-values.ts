/**
 * Values a construct derives from its declarations (an address plan, an MTU
 * plan), computed once and kept until a declaration changes: every rendered
 * resource asks for them, and recomputing per question made synth time grow
 * with the square of the fabric. Results are shared, so they are read-only.
 */
export class DerivedValues {
  private readonly values = new Map<string, unknown>();

  /** The value under `key`, computed by `compute` the first time after a change. */
  public get<T>(key: string, compute: () => T): T {
    if (!this.values.has(key)) this.values.set(key, compute());
    return this.values.get(key) as T;
  }

  /** Forgets every value: call it whenever a declaration changes (a host added, a service assigned). */
  public invalidate(): void {
    this.values.clear();
  }
}
