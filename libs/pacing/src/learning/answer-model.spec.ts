import { AnswerModel } from './answer-model';

describe('AnswerModel', () => {
  // 10 % answered by a person at 8 s, 10 % at 20 s, the rest ring out at 25 s.
  const model = new AnswerModel(60, Number.POSITIVE_INFINITY, 40);
  for (let i = 0; i < 1000; i++) {
    if (i % 10 === 0) model.add(8.5, true);
    else if (i % 10 === 1) model.add(20.5, true);
    else model.add(25.5, false);
  }
  model.refresh();

  it('puts the forecast grid where people answer, with their shares', () => {
    expect(model.gridSize).toBe(2);
    expect(Array.from(model.offsets.subarray(0, 2))).toEqual([8.5, 20.5]);
    expect(Array.from(model.weights.subarray(0, 2))).toEqual([0.5, 0.5]);
    // A new call: answered by a person by 8.5 s half the time it ever is (10 % of 20 %… of all calls).
    expect(model.newCallAnsweredBy[0]).toBeCloseTo(0.05, 9);
    expect(model.newCallAnsweredBy[1]).toBeCloseTo(0.15, 9);
  });

  it('conditions a ringing call on having rung this long', () => {
    const probabilities = (elapsedSec: number) => {
      const out = new Float64Array(2);
      model.ringingProbabilities(elapsedSec, out);
      return Array.from(out);
    };
    // Fresh: like a new call.
    expect(probabilities(0)[1]).toBeCloseTo(0.15, 9);
    // After 12 s unanswered only the late peak is left: 10 % of the 90 % still ringing.
    const [early, late] = probabilities(12);
    expect(late).toBeCloseTo(0.1 / 0.9, 9);
    // 12 + 8.5 s reaches halfway into the late peak's second.
    expect(early).toBeCloseTo(0.05 / 0.9, 9);
    expect(probabilities(30)).toEqual([0, 0]);
  });
});
