import { describe, expect, it } from 'vitest';
import { CancelledError, DynamicBatcher, QueueFullError } from './batcher.ts';

function deferred() {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe('DynamicBatcher', () => {
  it('runs requests that arrive together in one batch, and later ones in the next', async () => {
    const batches: string[][] = [];
    const gate = deferred();
    const batcher = new DynamicBatcher<string, string>(
      async (inputs) => {
        batches.push(inputs);
        if (batches.length === 1) await gate.promise;
        return inputs.map((input) => input.toUpperCase());
      },
      () => 'same',
      { maxBatchSize: 8, maxQueued: 10, gatherMs: 5 },
    );
    const first = [batcher.submit('a'), batcher.submit('b')];
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = [batcher.submit('c'), batcher.submit('d'), batcher.submit('e')];
    gate.release();
    expect(await Promise.all([...first, ...second])).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(batches).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
  });

  it('keeps different keys in different runs and caps the batch size', async () => {
    const batches: string[][] = [];
    const batcher = new DynamicBatcher<string, string>(
      (inputs) => {
        batches.push(inputs);
        return Promise.resolve(inputs);
      },
      (input) => input.charAt(0),
      { maxBatchSize: 2, maxQueued: 10, gatherMs: 1 },
    );
    await Promise.all(['a1', 'b1', 'a2', 'a3'].map((input) => batcher.submit(input)));
    expect(batches).toEqual([['a1', 'a2'], ['b1'], ['a3']]);
  });

  it('refuses work beyond the queue capacity, and a cancelled waiting job frees its slot', async () => {
    const gate = deferred();
    const batcher = new DynamicBatcher<number, number>(
      async (inputs) => {
        await gate.promise;
        return inputs;
      },
      () => 'k',
      { maxBatchSize: 1, maxQueued: 2, gatherMs: 0 },
    );
    const running = batcher.submit(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const controller = new AbortController();
    const waiting = batcher.submit(1, controller.signal);
    const alsoWaiting = batcher.submit(2);
    await expect(batcher.submit(3)).rejects.toBeInstanceOf(QueueFullError);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    expect(batcher.waiting).toBe(1);
    const admitted = batcher.submit(4);
    gate.release();
    expect(await Promise.all([running, alsoWaiting, admitted])).toEqual([0, 2, 4]);
  });

  it('reports a running job that the batch function stopped as cancelled', async () => {
    const controller = new AbortController();
    const batcher = new DynamicBatcher<number, number>(
      (inputs, isCancelled) => {
        controller.abort();
        return Promise.resolve(
          inputs.map((input, index) => (isCancelled[index]?.() === true ? null : input)),
        );
      },
      () => 'k',
      { maxBatchSize: 4, maxQueued: 4, gatherMs: 0 },
    );
    await expect(batcher.submit(1, controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });
});
