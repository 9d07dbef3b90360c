import { describe, expect, it } from 'vitest';
import { connectedComponents, largestComponent } from './connected-components.js';

describe('connectedComponents', () => {
  // one slice, 3 x 2:   1 1 0
  //                     0 0 1
  const dims = [3, 2, 1] as const;
  const mask = Uint8Array.from([1, 1, 0, 0, 0, 1]);

  it('separates diagonal neighbours with 6-connectivity', () => {
    const { ids, sizes } = connectedComponents({ dims }, mask, 6);
    expect([...ids]).toEqual([1, 1, 0, 0, 0, 2]);
    expect(sizes).toEqual([0, 2, 1]);
  });

  it('joins them with 18- and 26-connectivity', () => {
    expect(connectedComponents({ dims }, mask, 18).sizes).toEqual([0, 3]);
    expect(connectedComponents({ dims }, mask, 26).sizes).toEqual([0, 3]);
  });

  it('joins corner neighbours only with 26-connectivity', () => {
    const d = [2, 2, 2] as const;
    const m = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 1]);
    expect(connectedComponents({ dims: d }, m, 18).sizes).toEqual([0, 1, 1]);
    expect(connectedComponents({ dims: d }, m, 26).sizes).toEqual([0, 2]);
  });

  it('keeps the largest component and leaves the input untouched', () => {
    const m = Uint8Array.from([1, 0, 1, 1, 0, 0]);
    const copy = m.slice();
    expect([...largestComponent({ dims }, m, 6)]).toEqual([1, 0, 0, 1, 0, 0]);
    expect(m).toEqual(copy);
  });
});
