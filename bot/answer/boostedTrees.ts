import { z } from 'zod';

/** A regression tree node: a split on one feature, or a leaf with its value (log-odds contribution). */
export type TreeNode = { feature: number; threshold: number; left: TreeNode; right: TreeNode } | { value: number };

export const treeNodeSchema: z.ZodType<TreeNode> = z.lazy(() =>
  z.union([z.object({ feature: z.number().int().nonnegative(), threshold: z.number(), left: treeNodeSchema, right: treeNodeSchema }), z.object({ value: z.number() })]),
);

/** The log-odds a tree adds for one example. */
export function evaluateTree(node: TreeNode, x: readonly number[]): number {
  let at = node;
  while ('feature' in at) at = x[at.feature] <= at.threshold ? at.left : at.right;
  return at.value;
}

export interface BoostingParams {
  rounds: number;
  depth: number;
  learningRate: number;
  /** Fewest examples a leaf may hold: small leaves learn single questions, not patterns. */
  minLeaf: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Candidate split points of a feature: midpoints between distinct values, thinned to at most 32. */
function thresholds(values: number[]): number[] {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  const mids = distinct.slice(1).map((v, i) => (v + distinct[i]) / 2);
  if (mids.length <= 32) return mids;
  return Array.from({ length: 32 }, (_, i) => mids[Math.floor(((i + 0.5) * mids.length) / 32)]);
}

function buildTree(x: number[][], gradient: number[], hessian: number[], rows: number[], depth: number, params: BoostingParams): TreeNode {
  const sum = (list: number[], of: number[]) => list.reduce((s, i) => s + of[i], 0);
  const leaf = (): TreeNode => ({ value: Math.max(-4, Math.min(4, sum(rows, gradient) / (sum(rows, hessian) + 1))) });
  if (depth === 0 || rows.length < 2 * params.minLeaf) return leaf();
  const total = sum(rows, gradient);
  const totalH = sum(rows, hessian);
  let best: { gain: number; feature: number; threshold: number } | undefined;
  for (let f = 0; f < x[0].length; f++) {
    for (const t of thresholds(rows.map((r) => x[r][f]))) {
      let g = 0;
      let h = 0;
      let n = 0;
      for (const r of rows) if (x[r][f] <= t) {
        g += gradient[r];
        h += hessian[r];
        n += 1;
      }
      if (n < params.minLeaf || rows.length - n < params.minLeaf) continue;
      const gain = (g * g) / (h + 1) + ((total - g) ** 2) / (totalH - h + 1) - (total * total) / (totalH + 1);
      if (!best || gain > best.gain + 1e-12) best = { gain, feature: f, threshold: t };
    }
  }
  if (!best || best.gain <= 0) return leaf();
  const left = rows.filter((r) => x[r][best.feature] <= best.threshold);
  const right = rows.filter((r) => x[r][best.feature] > best.threshold);
  return { feature: best.feature, threshold: best.threshold, left: buildTree(x, gradient, hessian, left, depth - 1, params), right: buildTree(x, gradient, hessian, right, depth - 1, params) };
}

/**
 * Gradient-boosted regression trees for a yes/no label (logistic loss, Newton leaf values):
 * deterministic, small, and able to learn thresholds and interactions ("many unknown words AND a
 * Swedish question") that a linear model cannot. Returns the base log-odds and the trees, each
 * already scaled by the learning rate.
 */
export function fitBoosted(x: number[][], y: number[], params: BoostingParams): { base: number; trees: TreeNode[] } {
  const positive = y.reduce((s, v) => s + v, 0);
  const base = Math.log((positive + 1) / (y.length - positive + 1));
  const score = new Array<number>(y.length).fill(base);
  const trees: TreeNode[] = [];
  const rows = y.map((_, i) => i);
  for (let round = 0; round < params.rounds; round++) {
    const p = score.map(sigmoid);
    const gradient = y.map((v, i) => v - p[i]);
    const hessian = p.map((v) => v * (1 - v));
    const tree = scaleTree(buildTree(x, gradient, hessian, rows, params.depth, params), params.learningRate);
    trees.push(tree);
    for (const i of rows) score[i] += evaluateTree(tree, x[i]);
  }
  return { base, trees };
}

function scaleTree(node: TreeNode, factor: number): TreeNode {
  if ('value' in node) return { value: Number((node.value * factor).toFixed(6)) };
  return { feature: node.feature, threshold: Number(node.threshold.toFixed(6)), left: scaleTree(node.left, factor), right: scaleTree(node.right, factor) };
}

/** The probability of "yes" under a fitted ensemble. */
export function boostedProbability(model: { base: number; trees: TreeNode[] }, x: readonly number[]): number {
  return sigmoid(model.trees.reduce((s, t) => s + evaluateTree(t, x), model.base));
}
