// Original file: proto/translation.proto

export const ModelState = {
  MODEL_STATE_UNSPECIFIED: 'MODEL_STATE_UNSPECIFIED',
  NOT_DOWNLOADED: 'NOT_DOWNLOADED',
  DOWNLOADING: 'DOWNLOADING',
  DOWNLOADED: 'DOWNLOADED',
  LOADING: 'LOADING',
  READY: 'READY',
  FAILED: 'FAILED',
} as const;

export type ModelState =
  | 'MODEL_STATE_UNSPECIFIED'
  | 0
  | 'NOT_DOWNLOADED'
  | 1
  | 'DOWNLOADING'
  | 2
  | 'DOWNLOADED'
  | 3
  | 'LOADING'
  | 4
  | 'READY'
  | 5
  | 'FAILED'
  | 6

export type ModelState__Output = typeof ModelState[keyof typeof ModelState]
