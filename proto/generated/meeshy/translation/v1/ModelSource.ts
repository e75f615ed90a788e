// Original file: proto/translation.proto

export const ModelSource = {
  MODEL_SOURCE_UNSPECIFIED: 'MODEL_SOURCE_UNSPECIFIED',
  HUB: 'HUB',
  IMPORTED: 'IMPORTED',
  NOT_PINNED: 'NOT_PINNED',
} as const;

export type ModelSource =
  | 'MODEL_SOURCE_UNSPECIFIED'
  | 0
  | 'HUB'
  | 1
  | 'IMPORTED'
  | 2
  | 'NOT_PINNED'
  | 3

export type ModelSource__Output = typeof ModelSource[keyof typeof ModelSource]
