import { int64Tensor, type Feeds } from '../translator/engine/onnx-runtime.ts';

/** An encoder's inputs for one sentence of `ids`, every token attended to. */
export function encoderFeeds(ids: number[]): Feeds {
  return {
    input_ids: int64Tensor(ids, [1, ids.length]),
    attention_mask: int64Tensor(
      ids.map(() => 1),
      [1, ids.length],
    ),
  };
}
