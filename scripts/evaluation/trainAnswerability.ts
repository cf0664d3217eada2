import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Matrix, solve } from 'ml-matrix';
import {
  ANSWERABILITY_MODEL_PATH,
  FEATURE_NAMES,
  useAnswerabilityModel,
  type AnswerabilityModel,
  type Features,
} from '../../bot/answer/answerability.js';
import { composeAnswerWithEvidence } from '../../bot/answer/composeAnswer.js';
import type { Retriever } from '../../retrieval/retriever.js';
import type { EvalQuestion } from './evalSet.js';

/** Cross-validation folds over the dev split. */
const FOLDS = 5;
/** L2 strengths tried; the one with the best held-out log-loss is kept. */
const LAMBDAS = [0.01, 0.03, 0.1, 0.3, 1, 3, 10];
/** The answer threshold is the one with most correct refusals while wrongly refusing at most this share. */
export const MAX_WRONGLY_REFUSED = 0.05;

interface Example {
  id: string;
  x: number[];
  y: 0 | 1;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** L2-regularised logistic regression by Newton's method (deterministic, a few iterations for 16 features). */
function fitLogistic(examples: Example[], lambda: number): { weights: number[]; bias: number } {
  const d = examples[0].x.length;
  let w = new Array<number>(d + 1).fill(0); // last entry is the bias, not regularised
  for (let iteration = 0; iteration < 25; iteration++) {
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Matrix.zeros(d + 1, d + 1);
    for (const { x, y } of examples) {
      const row = [...x, 1];
      const p = sigmoid(row.reduce((s, v, i) => s + v * w[i], 0));
      for (let i = 0; i <= d; i++) {
        gradient[i] += (p - y) * row[i];
        for (let j = 0; j <= d; j++) hessian.set(i, j, hessian.get(i, j) + p * (1 - p) * row[i] * row[j]);
      }
    }
    for (let i = 0; i < d; i++) {
      gradient[i] += lambda * w[i];
      hessian.set(i, i, hessian.get(i, i) + lambda);
    }
    hessian.set(d, d, hessian.get(d, d) + 1e-6);
    const step = solve(hessian, Matrix.columnVector(gradient)).to1DArray();
    w = w.map((v, i) => v - step[i]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { weights: w.slice(0, d), bias: w[d] };
}

function standardise(rows: number[][]): { mean: number[]; scale: number[] } {
  const d = rows[0].length;
  const mean = Array.from({ length: d }, (_, i) => rows.reduce((s, r) => s + r[i], 0) / rows.length);
  const scale = Array.from({ length: d }, (_, i) => Math.sqrt(rows.reduce((s, r) => s + (r[i] - mean[i]) ** 2, 0) / rows.length) || 1);
  return { mean, scale };
}

function predict(model: { weights: number[]; bias: number }, mean: number[], scale: number[], x: number[]): number {
  return sigmoid(model.bias + x.reduce((s, v, i) => s + model.weights[i] * ((v - mean[i]) / scale[i]), 0));
}

const foldOf = (id: string) => parseInt(createHash('sha256').update(id).digest('hex').slice(0, 8), 16) % FOLDS;

/** Out-of-fold probabilities for one λ: each example scored by a model that never saw it. */
function outOfFold(examples: Example[], lambda: number): number[] {
  const probabilities = new Array<number>(examples.length).fill(0);
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = examples.filter((e) => foldOf(e.id) !== fold);
    const { mean, scale } = standardise(train.map((e) => e.x));
    const model = fitLogistic(train.map((e) => ({ ...e, x: e.x.map((v, i) => (v - mean[i]) / scale[i]) })), lambda);
    examples.forEach((e, i) => {
      if (foldOf(e.id) === fold) probabilities[i] = predict(model, mean, scale, e.x);
    });
  }
  return probabilities;
}

interface Point {
  threshold: number;
  wronglyRefused: number;
  correctNoAnswer: number;
}

function curve(examples: Example[], probabilities: number[]): Point[] {
  const answerable = examples.filter((e) => e.y === 1).length;
  const unanswerable = examples.length - answerable;
  return Array.from({ length: 99 }, (_, i) => (i + 1) / 100).map((threshold) => ({
    threshold,
    wronglyRefused: examples.filter((e, i) => e.y === 1 && probabilities[i] < threshold).length / answerable,
    correctNoAnswer: examples.filter((e, i) => e.y === 0 && probabilities[i] < threshold).length / unanswerable,
  }));
}

/**
 * Re-fits the answerability model on the dev split (`npm run eval -- --train`): features of every
 * dev question, λ chosen by 5-fold cross-validated log-loss, the threshold chosen on the
 * out-of-fold probabilities (most correct refusals while wrongly refusing at most
 * {@link MAX_WRONGLY_REFUSED} of the answerable questions), then the final fit on all of dev,
 * written to `bot/answer/answerabilityModel.json`. Requests to break the rules are refused by rule,
 * not by the model, so they are not training examples. Returns a report for stderr.
 */
export async function trainAnswerability(retriever: Retriever, dev: EvalQuestion[]): Promise<string> {
  const names = [...FEATURE_NAMES];
  // Features do not depend on the model; a neutral one stands in while they are read.
  useAnswerabilityModel({ version: 1, features: names, mean: names.map(() => 0), scale: names.map(() => 1), weights: names.map(() => 0), bias: 0, threshold: 0.5, training: { questions: 0, lambda: 0, crossValidation: {} } });
  const examples: Example[] = [];
  for (const q of dev) {
    const { evidence } = await composeAnswerWithEvidence(retriever, q.question);
    if (!evidence.features) continue;
    const features: Features = evidence.features;
    examples.push({ id: q.id, x: names.map((n) => features[n]), y: q.answerable ? 1 : 0 });
  }

  let best = { lambda: LAMBDAS[0], logLoss: Infinity, probabilities: [] as number[] };
  for (const lambda of LAMBDAS) {
    const probabilities = outOfFold(examples, lambda);
    const logLoss = -examples.reduce((s, e, i) => s + Math.log(Math.min(1 - 1e-9, Math.max(1e-9, e.y ? probabilities[i] : 1 - probabilities[i]))), 0) / examples.length;
    if (logLoss < best.logLoss) best = { lambda, logLoss, probabilities };
  }
  const points = curve(examples, best.probabilities);
  const allowed = points.filter((p) => p.wronglyRefused <= MAX_WRONGLY_REFUSED);
  const chosen = allowed.reduce((a, b) => (b.correctNoAnswer > a.correctNoAnswer ? b : a), allowed[0] ?? points[0]);

  const { mean, scale } = standardise(examples.map((e) => e.x));
  const fitted = fitLogistic(examples.map((e) => ({ ...e, x: e.x.map((v, i) => (v - mean[i]) / scale[i]) })), best.lambda);
  const round = (v: number) => Number(v.toFixed(6));
  const model: AnswerabilityModel = {
    version: 1,
    features: names,
    mean: mean.map(round),
    scale: scale.map(round),
    weights: fitted.weights.map(round),
    bias: round(fitted.bias),
    threshold: chosen.threshold,
    training: {
      questions: examples.length,
      lambda: best.lambda,
      crossValidation: { logLoss: round(best.logLoss), wronglyRefused: round(chosen.wronglyRefused), correctNoAnswer: round(chosen.correctNoAnswer) },
    },
  };
  writeFileSync(ANSWERABILITY_MODEL_PATH, `${JSON.stringify(model, null, 2)}\n`);
  useAnswerabilityModel(model);

  const lines = [
    `Answerability model trained on ${examples.length} dev questions; λ = ${best.lambda} (cross-validated log-loss ${best.logLoss.toFixed(3)}).`,
    `Threshold ${chosen.threshold.toFixed(2)}: out-of-fold wrongly refused ${chosen.wronglyRefused.toFixed(3)}, correct no-answer ${chosen.correctNoAnswer.toFixed(3)}.`,
    'Out-of-fold trade-off (threshold: wrongly refused / correct no-answer):',
    points.filter((p) => Math.round(p.threshold * 100) % 5 === 0).map((p) => `  ${p.threshold.toFixed(2)}: ${p.wronglyRefused.toFixed(3)} / ${p.correctNoAnswer.toFixed(3)}`).join('\n'),
    'Weights (standardised features):',
    names.map((n, i) => `  ${n.padEnd(16)} ${fitted.weights[i] >= 0 ? ' ' : ''}${fitted.weights[i].toFixed(3)}`).join('\n'),
  ];
  return lines.join('\n');
}
