import { describe, expect, it } from 'vitest';
import { boostedProbability, fitBoosted } from '../../../bot/answer/boostedTrees.js';

describe('fitBoosted', () => {
  // Yes exactly when the first feature is high AND the second low: an interaction no single threshold learns.
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) {
    x.push([i / 19, j / 19]);
    y.push(i >= 10 && j < 10 ? 1 : 0);
  }

  it('learns thresholds and their interaction, deterministically', () => {
    const params = { rounds: 60, depth: 2, learningRate: 0.3, minLeaf: 5 };
    const model = fitBoosted(x, y, params);
    expect(boostedProbability(model, [0.9, 0.1])).toBeGreaterThan(0.8);
    expect(boostedProbability(model, [0.9, 0.9])).toBeLessThan(0.2);
    expect(boostedProbability(model, [0.1, 0.1])).toBeLessThan(0.2);
    expect(fitBoosted(x, y, params)).toEqual(model);
  });
});
