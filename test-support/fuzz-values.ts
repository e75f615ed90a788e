/**
 * A small seeded generator of hostile values for fuzz tests (fast-check is not a dependency). The same
 * seed gives the same sequence, so a failure is reproduced by rerunning with the seed it printed.
 */
export class Fuzz {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: tiny, fast and good enough to spread inputs; not for secrets. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Strings that break parsers, validators and renderers: empty, huge, control, bidi, traversal, SQL… */
  string(): string {
    const pieces = [
      '',
      ' ',
      'a',
      'hello',
      '\u0000',
      '\u202e',
      '\u200b\u200b',
      '\ud800',
      '😀',
      '👍🏽',
      '../../etc/passwd',
      '%2e%2e%2f',
      "' or 1=1 --",
      '<script>alert(1)</script>',
      '__proto__',
      '{"a":1}',
      '\r\nX-Injected: 1',
      'ÅÄÖ',
      '𝕳',
      '-1',
      '1e309',
      'null',
      'global',
    ];
    const size = this.pick([1, 1, 1, 2, 3, 40]);
    let text = Array.from({ length: size }, () => this.pick(pieces)).join('');
    // Just over the usual field limits; inputs over the request size limits are the caller's own choice
    // (see `oversized`), so most inputs get past the size checks to the validators and handlers.
    if (this.chance(0.04)) text = text.padEnd(this.pick([257, 2001, 10_000]), this.pick(['x', 'é', '😀']));
    return text;
  }

  number(): number {
    return this.pick([0, -1, 1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 0.5, Number.MAX_VALUE, 1e-300, 42]);
  }

  /** Any JSON value, nested up to `depth`. */
  value(depth = 3): unknown {
    const kind = this.int(depth > 0 ? 9 : 6);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.number();
      case 3:
      case 4:
      case 5:
        return this.string();
      case 6:
        // Long arrays of nested values grow the input geometrically: a few dozen items are enough.
        return Array.from({ length: this.pick([0, 1, 2, 5, 40]) }, () => this.value(depth - 1));
      default:
        return this.object(depth - 1);
    }
  }

  object(depth = 2, likelyKeys: readonly string[] = []): Record<string, unknown> {
    const keys = [...likelyKeys, '__proto__', 'constructor', 'prototype', 'id', 'userId', 'role', 'content'];
    const result: Record<string, unknown> = {};
    for (let count = this.int(5); count > 0; count -= 1) {
      Object.defineProperty(result, this.chance(0.7) ? this.pick(keys) : this.string(), {
        value: this.value(depth),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  }

  /** A plausible body with some of its fields broken: what a buggy or hostile client sends. */
  mutate(template: Record<string, unknown>): unknown {
    if (this.chance(0.15)) return this.value();
    let result = new Map(Object.entries(template));
    for (let count = 1 + this.int(3); count > 0; count -= 1) {
      const keys = [...result.keys()];
      const choice = this.int(4);
      if (choice === 0 && keys.length > 0) result.delete(this.pick(keys));
      else if (choice === 1)
        result = new Map([...result, ...Object.entries(this.object(1, Object.keys(template)))]);
      else if (keys.length > 0) result.set(this.pick(keys), this.value(2));
    }
    return Object.fromEntries(result);
  }
}

/** The run's seed: MEESHY_FUZZ_SEED to replay one, else a fresh one. */
export function fuzzSeed(): number {
  const given = process.env.MEESHY_FUZZ_SEED;
  return given === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(given);
}
