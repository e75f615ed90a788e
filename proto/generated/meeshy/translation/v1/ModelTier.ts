// Original file: proto/translation.proto

export const ModelTier = {
  MODEL_TIER_UNSPECIFIED: 'MODEL_TIER_UNSPECIFIED',
  BASIC: 'BASIC',
  MEDIUM: 'MEDIUM',
  PREMIUM: 'PREMIUM',
} as const;

export type ModelTier =
  | 'MODEL_TIER_UNSPECIFIED'
  | 0
  | 'BASIC'
  | 1
  | 'MEDIUM'
  | 2
  | 'PREMIUM'
  | 3

export type ModelTier__Output = typeof ModelTier[keyof typeof ModelTier]
