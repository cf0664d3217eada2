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
import { boostedProbability, fitBoosted, type BoostingParams } from '../../bot/answer/boostedTrees.js';
import { composeAnswerWithEvidence } from '../../bot/answer/composeAnswer.js';
import type { Retriever } from '../../retrieval/retriever.js';
import { cleanQuestion } from '../../bot/answer/cleanQuestion.js';
import type { ConversationTurn } from '../../bot/conversation/conversationMemory.js';
import { rewriteFollowUp } from '../../bot/conversation/rewriteFollowUp.js';
import type { EvalConversation, EvalQuestion } from './evalSet.js';

/** Cross-validation folds over the dev split. */
const FOLDS = 5;
/** L2 strengths tried for the logistic regression. */
const LAMBDAS = [0.03, 0.3, 3];
/** Boosted-tree settings tried (learning rate 0.1; leaves of at least 8 questions). */
const BOOSTING: BoostingParams[] = [1, 2, 3].flatMap((depth) => [50, 150].map((rounds) => ({ rounds, depth, learningRate: 0.1, minLeaf: 8 })));
/** The answer threshold is the one with most correct refusals while wrongly refusing at most this share. */
export const MAX_WRONGLY_REFUSED = 0.05;

interface Example {
  id: string;
  /** Examples of one group (a conversation's turns) share a fold. */
  group: string;
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

const foldOf = (group: string) => parseInt(createHash('sha256').update(group).digest('hex').slice(0, 8), 16) % FOLDS;

/** A way to fit a model on examples and score others with it. */
interface Learner {
  label: string;
  fit(train: Example[]): (x: number[]) => number;
}

function logisticLearner(lambda: number): Learner {
  return {
    label: `logistic λ=${lambda}`,
    fit(train) {
      const { mean, scale } = standardise(train.map((e) => e.x));
      const model = fitLogistic(train.map((e) => ({ ...e, x: e.x.map((v, i) => (v - mean[i]) / scale[i]) })), lambda);
      return (x) => predict(model, mean, scale, x);
    },
  };
}

function boostedLearner(params: BoostingParams): Learner {
  return {
    label: `boosted trees ${params.rounds}×depth ${params.depth}`,
    fit(train) {
      const model = fitBoosted(train.map((e) => e.x), train.map((e) => e.y), params);
      return (x) => boostedProbability(model, x);
    },
  };
}

/** Out-of-fold probabilities: each example scored by a model that never saw it. */
function outOfFold(examples: Example[], learner: Learner): number[] {
  const probabilities = new Array<number>(examples.length).fill(0);
  for (let fold = 0; fold < FOLDS; fold++) {
    const score = learner.fit(examples.filter((e) => foldOf(e.group) !== fold));
    examples.forEach((e, i) => {
      if (foldOf(e.group) === fold) probabilities[i] = score(e.x);
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
 * dev question and conversation turn (turns composed as the channels compose them, a
 * conversation's turns kept in one fold); for each learner (logistic λ, boosted-tree setting) the
 * threshold with most correct refusals while wrongly refusing at most {@link MAX_WRONGLY_REFUSED}
 * of the answerable ones, out of fold in 5-fold cross-validation; the learner with most correct
 * refusals there (log-loss breaks ties) is then fitted on all of dev,
 * written to `bot/answer/answerabilityModel.json`. Requests to break the rules are refused by rule,
 * not by the model, so they are not training examples. Returns a report for stderr.
 */
export async function trainAnswerability(retriever: Retriever, dev: EvalQuestion[], conversations: EvalConversation[] = []): Promise<string> {
  const names = [...FEATURE_NAMES];
  // Features do not depend on the model; a neutral one stands in while they are read.
  useAnswerabilityModel({ kind: 'logistic', version: 1, features: names, mean: names.map(() => 0), scale: names.map(() => 1), weights: names.map(() => 0), bias: 0, threshold: 0.5, training: { questions: 0, chosen: 'none', crossValidation: {} } });
  const examples: Example[] = [];
  const add = (id: string, group: string, features: Features | undefined, answerable: boolean) => {
    if (features) examples.push({ id, group, x: names.map((n) => features[n]), y: answerable ? 1 : 0 });
  };
  for (const q of dev) add(q.id, q.id, (await composeAnswerWithEvidence(retriever, q.question)).evidence.features, q.answerable);
  // Conversation turns as the channels compose them: a follow-up rewritten by rule, the previous
  // standalone question behind it.
  for (const c of conversations) {
    const history: ConversationTurn[] = [];
    for (const [i, turn] of c.turns.entries()) {
      const rewrite = await rewriteFollowUp(cleanQuestion(turn.question), history);
      const { evidence } = await composeAnswerWithEvidence(retriever, rewrite.question, { conversation: history.at(-1)?.standaloneQuestion });
      add(`${c.id}#${i + 1}`, c.id, evidence.features, turn.answerable);
      if (evidence.outcome !== 'none') history.push({ standaloneQuestion: rewrite.question, sectionTitles: [] });
    }
  }

  // Every candidate is judged on what matters: correct refusals out of fold at the allowed share of
  // wrong refusals (log-loss breaks ties).
  const learners: Learner[] = [
    ...LAMBDAS.map(logisticLearner),
    ...BOOSTING.map(boostedLearner),
  ];
  let best: { learner: Learner; logLoss: number; point: Point; points: Point[]; probabilities: number[] } | undefined;
  const tried: string[] = [];
  for (const learner of learners) {
    const probabilities = outOfFold(examples, learner);
    const logLoss = -examples.reduce((s, e, i) => s + Math.log(Math.min(1 - 1e-9, Math.max(1e-9, e.y ? probabilities[i] : 1 - probabilities[i]))), 0) / examples.length;
    const points = curve(examples, probabilities);
    const allowed = points.filter((p) => p.wronglyRefused <= MAX_WRONGLY_REFUSED);
    const point = allowed.reduce((a, b) => (b.correctNoAnswer > a.correctNoAnswer ? b : a), allowed[0] ?? points[0]);
    tried.push(`  ${learner.label.padEnd(28)} log-loss ${logLoss.toFixed(3)}, at threshold ${point.threshold.toFixed(2)}: wrongly refused ${point.wronglyRefused.toFixed(3)}, correct no-answer ${point.correctNoAnswer.toFixed(3)}`);
    if (!best || point.correctNoAnswer > best.point.correctNoAnswer + 1e-9 || (Math.abs(point.correctNoAnswer - best.point.correctNoAnswer) < 1e-9 && logLoss < best.logLoss)) {
      best = { learner, logLoss, point, points, probabilities };
    }
  }
  const chosen = best!;
  const round = (v: number) => Number(v.toFixed(6));
  const training = {
    questions: examples.length,
    chosen: chosen.learner.label,
    crossValidation: { logLoss: round(chosen.logLoss), wronglyRefused: round(chosen.point.wronglyRefused), correctNoAnswer: round(chosen.point.correctNoAnswer) },
  };
  let model: AnswerabilityModel;
  const all = examples.map((e) => e.x);
  const boosting = BOOSTING.find((p) => boostedLearner(p).label === chosen.learner.label);
  if (boosting) {
    const fitted = fitBoosted(all, examples.map((e) => e.y), boosting);
    model = { kind: 'boosted', version: 1, features: names, base: round(fitted.base), trees: fitted.trees, threshold: chosen.point.threshold, training };
  } else {
    const lambda = LAMBDAS.find((l) => logisticLearner(l).label === chosen.learner.label)!;
    const { mean, scale } = standardise(all);
    const fitted = fitLogistic(examples.map((e) => ({ ...e, x: e.x.map((v, i) => (v - mean[i]) / scale[i]) })), lambda);
    model = { kind: 'logistic', version: 1, features: names, mean: mean.map(round), scale: scale.map(round), weights: fitted.weights.map(round), bias: round(fitted.bias), threshold: chosen.point.threshold, training };
  }
  writeFileSync(ANSWERABILITY_MODEL_PATH, `${JSON.stringify(model)}\n`);
  useAnswerabilityModel(model);

  // Single questions and conversation turns apart, at the chosen threshold, out of fold.
  const part = (turns: boolean) => {
    const at = examples.map((e, i) => ({ e, p: chosen.probabilities[i] })).filter(({ e }) => e.id.includes('#') === turns);
    if (at.length === 0) return [];
    const point = curve(at.map(({ e }) => e), at.map(({ p }) => p)).find((p) => Math.abs(p.threshold - chosen.point.threshold) < 1e-9)!;
    return [`  ${turns ? 'conversation turns' : 'single questions'} (${at.length}): wrongly refused ${point.wronglyRefused.toFixed(3)}, correct no-answer ${point.correctNoAnswer.toFixed(3)}`];
  };
  const lines = [
    `Answerability model trained on ${examples.length} dev questions and conversation turns (${FOLDS}-fold cross-validation, a conversation's turns in one fold; threshold = most correct refusals with at most ${MAX_WRONGLY_REFUSED} wrongly refused, out of fold):`,
    ...tried,
    `Chosen: ${chosen.learner.label}, threshold ${chosen.point.threshold.toFixed(2)}; out of fold:`,
    ...part(false),
    ...part(true),
    'Its out-of-fold trade-off (threshold: wrongly refused / correct no-answer):',
    chosen.points.filter((p) => Math.round(p.threshold * 100) % 10 === 0).map((p) => `  ${p.threshold.toFixed(2)}: ${p.wronglyRefused.toFixed(3)} / ${p.correctNoAnswer.toFixed(3)}`).join('\n'),
  ];
  return lines.join('\n');
}
