import { describe, expect, it } from 'vitest';
import { MODEL_SOURCES, MODEL_STATES, MODEL_TIERS } from '../contract/translations.ts';
import {
  sourceFromProto,
  sourceToProto,
  stateFromProto,
  stateToProto,
  tierFromProto,
  tierToProto,
} from './model-mapping.ts';

describe('model mapping between the proto and the contract', () => {
  it('sends every contract tier and state as a distinct proto value and reads it back', () => {
    expect(new Set(MODEL_TIERS.map(tierToProto)).size).toBe(MODEL_TIERS.length);
    expect(new Set(MODEL_STATES.map(stateToProto)).size).toBe(MODEL_STATES.length);
    for (const tier of MODEL_TIERS) expect(tierFromProto(tierToProto(tier))).toBe(tier);
    for (const state of MODEL_STATES) expect(stateFromProto(stateToProto(state))).toBe(state);
    expect(new Set(MODEL_SOURCES.map(sourceToProto)).size).toBe(MODEL_SOURCES.length);
    for (const source of MODEL_SOURCES) expect(sourceFromProto(sourceToProto(source))).toBe(source);
  });

  it('says an unpinned tier is NOT_PINNED on the wire, and reads an unset source as a hub model', () => {
    expect(sourceToProto('unpinned')).toBe('NOT_PINNED');
    expect(sourceFromProto('MODEL_SOURCE_UNSPECIFIED')).toBe('hub');
  });

  it('reads an unset tier as "the default" and an unset or unknown state as failed', () => {
    expect(tierFromProto('MODEL_TIER_UNSPECIFIED')).toBeNull();
    expect(tierFromProto(42)).toBeNull();
    expect(stateFromProto('MODEL_STATE_UNSPECIFIED')).toBe('failed');
    expect(stateFromProto(42)).toBe('failed');
  });

  it('names the wire values the proto declares', () => {
    expect(tierToProto('premium')).toBe('PREMIUM');
    expect(stateToProto('absent')).toBe('NOT_DOWNLOADED');
  });
});
