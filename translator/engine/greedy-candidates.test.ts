import onnxProto from 'onnx-proto';
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ElementType, GraphBuilder, encodeModel, valueInfo } from '../../tools/onnx/graph-builder.ts';
import {
  GREEDY_CANDIDATES,
  GREEDY_LOG_PROBS,
  GREEDY_TOKENS,
  greedyCandidateFields,
} from './greedy-candidates.ts';
import { candidateChoice, greedyChoice, logSoftmax } from './logits.ts';

const { onnx } = onnxProto;
const VOCABULARY = 64;

/** A graph that outputs its input as `logits`, with the greedy candidates added as the decoder split adds them. */
async function candidatesSession(): Promise<ort.InferenceSession> {
  const builder = new GraphBuilder('logits');
  builder.op('Identity', ['input'], {}, 'logits');
  const graph = builder.toGraph(
    'logits',
    [valueInfo('input', ElementType.FLOAT, ['rows', 1, VOCABULARY])],
    [valueInfo('logits', ElementType.FLOAT, ['rows', 1, VOCABULARY])],
  );
  const fields = greedyCandidateFields(17, new Set(['input', 'logits']));
  if (fields === null) throw new Error('no candidates for an opset-17 graph with logits');
  const added = onnx.GraphProto.decode(Buffer.concat(fields));
  graph.node?.push(...added.node);
  graph.initializer?.push(...added.initializer);
  graph.output?.push(...added.output);
  return ort.InferenceSession.create(encodeModel(graph, 'greedy-candidates-test'));
}

describe('greedy candidates computed in the graph', () => {
  it('give greedyChoice’s token, the first of equals, under every ban it can hold, and the exact log-softmax', async () => {
    // Few distinct values, so most tokens tie with others: the order among equals is what is tested.
    let state = 11;
    const rows = 3;
    const logits = Float32Array.from({ length: rows * VOCABULARY }, () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((state / 2 ** 31) * 6) - 3;
    });
    const session = await candidatesSession();
    try {
      const outputs = await session.run({ input: new ort.Tensor('float32', logits, [rows, 1, VOCABULARY]) }, [
        GREEDY_TOKENS,
        GREEDY_LOG_PROBS,
      ]);
      expect(Object.keys(outputs).sort()).toEqual([GREEDY_LOG_PROBS, GREEDY_TOKENS].sort());
      const tokens = outputs[GREEDY_TOKENS]?.data as BigInt64Array;
      const logProbs = outputs[GREEDY_LOG_PROBS]?.data as Float32Array;
      expect(tokens.length).toBe(rows * GREEDY_CANDIDATES);
      for (let row = 0; row < rows; row += 1) {
        const span = [row * GREEDY_CANDIDATES, (row + 1) * GREEDY_CANDIDATES] as const;
        const rowLogits = logits.subarray(row * VOCABULARY, (row + 1) * VOCABULARY);
        const exact = logSoftmax(rowLogits);
        // Banning the best candidates one by one, up to one fewer than there are.
        const banned = new Set<number>();
        for (let bans = 0; bans < GREEDY_CANDIDATES; bans += 1) {
          const choice = candidateChoice(tokens.subarray(...span), logProbs.subarray(...span), banned);
          const expected = greedyChoice(rowLogits, banned);
          expect(choice?.token).toBe(expected.token);
          expect(choice?.logProb).toBeCloseTo(exact[expected.token] ?? 0, 5);
          banned.add(expected.token);
        }
        expect(candidateChoice(tokens.subarray(...span), logProbs.subarray(...span), banned)).toBeNull();
      }
    } finally {
      await session.release();
    }
  });

  it('are not added to a graph of too old an opset, without logits, or with a name taken', () => {
    expect(greedyCandidateFields(10, new Set(['logits']))).toBeNull();
    expect(greedyCandidateFields(17, new Set(['scores']))).toBeNull();
    expect(greedyCandidateFields(17, new Set(['logits', GREEDY_TOKENS]))).toBeNull();
  });
});
