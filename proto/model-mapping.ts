import type { ModelSource, ModelState, ModelTier } from '../contract/translations.ts';
import type { ModelSource__Output as ProtoModelSource } from './generated/meeshy/translation/v1/ModelSource.ts';
import type { ModelState__Output as ProtoModelState } from './generated/meeshy/translation/v1/ModelState.ts';
import type { ModelTier__Output as ProtoModelTier } from './generated/meeshy/translation/v1/ModelTier.ts';

/**
 * The one translation between the proto's enums and the contract's tier and state names, used by both ends of
 * the gRPC boundary (the translator's server and the chat server's client).
 *
 * The contract (`MODEL_TIERS`, `MODEL_STATES` in contract/translations.ts) is the source of the names: `contract/`
 * may import nothing of the project, so it cannot derive its list from the proto, while everything else can
 * import the contract. The proto's enums are the second spelling that the wire needs; the tables below are typed
 * so that a value added on either side without its counterpart fails the type check.
 */

/** Every proto tier, each with its contract name; UNSPECIFIED asks for the translator's default tier. */
const TIER_BY_PROTO = {
  MODEL_TIER_UNSPECIFIED: null,
  BASIC: 'basic',
  MEDIUM: 'medium',
  PREMIUM: 'premium',
} as const satisfies Record<ProtoModelTier, ModelTier | null>;

/** Every proto state, each with its contract name; UNSPECIFIED is what an unset field reads as. */
const STATE_BY_PROTO = {
  MODEL_STATE_UNSPECIFIED: null,
  NOT_DOWNLOADED: 'absent',
  DOWNLOADING: 'downloading',
  DOWNLOADED: 'downloaded',
  LOADING: 'loading',
  READY: 'ready',
  FAILED: 'failed',
} as const satisfies Record<ProtoModelState, ModelState | null>;

/** Every proto source, each with its contract name; UNSPECIFIED is what an older translator sends. */
const SOURCE_BY_PROTO = {
  MODEL_SOURCE_UNSPECIFIED: null,
  HUB: 'hub',
  IMPORTED: 'imported',
  NOT_PINNED: 'unpinned',
} as const satisfies Record<ProtoModelSource, ModelSource | null>;

/** True when the table's values name every member of `Expected` (no contract name left unmapped). */
type NamesEvery<Expected, Table> = [Expected] extends [NonNullable<Table[keyof Table]>] ? true : false;
type Holds<Check extends true> = Check;
// Fail to compile when a contract tier or state has no proto value.
type _EveryTierMapped = Holds<NamesEvery<ModelTier, typeof TIER_BY_PROTO>>;
type _EveryStateMapped = Holds<NamesEvery<ModelState, typeof STATE_BY_PROTO>>;
type _EverySourceMapped = Holds<NamesEvery<ModelSource, typeof SOURCE_BY_PROTO>>;

function invert<Proto extends string, Name extends string>(
  table: Readonly<Record<Proto, Name | null>>,
): Readonly<Record<Name, Proto>> {
  const inverted: Partial<Record<Name, Proto>> = {};
  for (const [proto, name] of Object.entries(table) as [Proto, Name | null][]) {
    if (name !== null) inverted[name] = proto;
  }
  // Complete: the NamesEvery checks above prove every name appears in the table.
  return inverted as Record<Name, Proto>;
}

const PROTO_BY_TIER = invert<ProtoModelTier, ModelTier>(TIER_BY_PROTO);
const PROTO_BY_STATE = invert<ProtoModelState, ModelState>(STATE_BY_PROTO);
const PROTO_BY_SOURCE = invert<ProtoModelSource, ModelSource>(SOURCE_BY_PROTO);

export function tierToProto(tier: ModelTier): ProtoModelTier {
  return PROTO_BY_TIER[tier];
}

/**
 * The contract's tier for a wire value; null for UNSPECIFIED and for a number the enum does not name (grpc-js
 * passes unknown enum values through as numbers even with `enums: String`).
 */
export function tierFromProto(tier: ProtoModelTier | number): ModelTier | null {
  return typeof tier === 'number' ? null : TIER_BY_PROTO[tier];
}

export function stateToProto(state: ModelState): ProtoModelState {
  return PROTO_BY_STATE[state];
}

/** The contract's state for a wire value; a state this side cannot name is reported as failed, never as usable. */
export function stateFromProto(state: ProtoModelState | number): ModelState {
  return (typeof state === 'number' ? null : STATE_BY_PROTO[state]) ?? 'failed';
}

export function sourceToProto(source: ModelSource): ProtoModelSource {
  return PROTO_BY_SOURCE[source];
}

/** The contract's source for a wire value; a translator that sends none serves hub models only. */
export function sourceFromProto(source: ProtoModelSource | number): ModelSource {
  return (typeof source === 'number' ? null : SOURCE_BY_PROTO[source]) ?? 'hub';
}
