import type { ModelInfo, ModelState, ModelTier } from '../contract/translations.ts';
import type { ModelInfo__Output as ProtoModelInfo } from './generated/meeshy/translation/v1/ModelInfo.ts';
import { sourceFromProto, stateFromProto, tierFromProto } from './model-mapping.ts';

/*
 * A translator's model report (proto ModelInfo) in the contract's terms, for every client of the translator:
 * the chat server's model screen and the desktop app's translation on this device.
 */

/** A model of a tier the contract knows, its tier and state in the contract's names. */
export interface KnownModel {
  proto: ProtoModelInfo;
  tier: ModelTier;
  state: ModelState;
}

/** Names the tier and state through the one mapping; a model of a tier the contract does not have is left out. */
export function known(proto: ProtoModelInfo): KnownModel | null {
  const tier = tierFromProto(proto.tier);
  return tier === null ? null : { proto, tier, state: stateFromProto(proto.state) };
}

export function downloadProgress({ proto, state }: KnownModel): number | null {
  if (state !== 'downloading' || proto.sizeBytes <= 0) return null;
  return Math.min(1, proto.downloadedBytes / proto.sizeBytes);
}

export function toModelInfo(model: KnownModel): ModelInfo {
  const { proto } = model;
  return {
    tier: model.tier,
    repo: proto.name,
    source: sourceFromProto(proto.source),
    sizeBytes: proto.sizeBytes,
    license: proto.license,
    requiresConsent: proto.licenseRestricted,
    state: model.state,
    progress: downloadProgress(model),
    error: proto.error === '' ? null : proto.error,
    isDefault: proto.isDefault,
  };
}
