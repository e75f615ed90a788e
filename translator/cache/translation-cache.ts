import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export interface CachedTranslation {
  text: string;
  confidence: number;
  model: string;
}

export interface CacheKeyParts {
  text: string;
  source: string;
  target: string;
  model: string;
}

/** Where translations are remembered. In memory by default; a shared store (Redis) can implement the same. */
export interface TranslationCache {
  get(key: string): Promise<CachedTranslation | undefined>;
  set(key: string, value: CachedTranslation): Promise<void>;
}

/** sha256 of (text, source, target, model), unambiguous because the parts are JSON-encoded together. */
export function translationCacheKey(parts: CacheKeyParts): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([parts.text, parts.source, parts.target, parts.model]))
    .digest('hex');
  return `translation:${digest}`;
}

export class MemoryTranslationCache implements TranslationCache {
  private readonly entries: LRUCache<string, CachedTranslation>;

  constructor(maxEntries = 10_000, ttlMs = 30 * 24 * 3600 * 1000) {
    this.entries = new LRUCache({ max: maxEntries, ttl: ttlMs });
  }

  get(key: string): Promise<CachedTranslation | undefined> {
    return Promise.resolve(this.entries.get(key));
  }

  set(key: string, value: CachedTranslation): Promise<void> {
    this.entries.set(key, value);
    return Promise.resolve();
  }

  get size(): number {
    return this.entries.size;
  }
}
