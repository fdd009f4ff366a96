import { applyAll } from '@dialer/calls';
import { CallScript, expectedProgress, FLOW_GAP_REQUESTS, reportOf, scriptCall, seededRandom, sendPlan, SURVEY_QUESTIONS, WebhookKind } from './call-scripts';

describe('benchmark call scripts', () => {
  const random = seededRandom(1);
  const scripts = Array.from({ length: 2_000 }, (_, i) =>
    scriptCall({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, phone: '+15005550100', amd: i % 2 ? 'sync' : 'async' }, random, 0),
  );
  const total = scripts.reduce((sum, script) => sum + script.webhooks.length, 0);
  const plan = sendPlan(scripts, Number.MAX_SAFE_INTEGER, random, { duplicateRate: 0.07, shuffleRate: 0.3, activeCalls: 200 });
  const kinds = (script: CallScript) => script.webhooks.map((webhook) => webhook.kind);

  it('sends every request of every call, and about 7 % twice', () => {
    const originals = plan.filter((request) => !request.duplicate);
    expect(originals).toHaveLength(total);
    const copies = plan.length - originals.length;
    expect(copies / total).toBeGreaterThan(0.05);
    expect(copies / total).toBeLessThan(0.09);
  });

  it('numbers each call’s status callbacks from 0 and ends every call in one terminal state', () => {
    for (const script of scripts.slice(0, 50)) {
      const statuses = script.webhooks.filter((webhook) => webhook.kind === 'status');
      expect(statuses.map((webhook) => webhook.params.SequenceNumber)).toEqual(statuses.map((_, i) => String(i)));
      expect(['completed', 'busy', 'no_answer', 'failed']).toContain(expectedProgress(script.webhooks).state);
    }
  });

  it('asks the voice URL once per answered call, posts the verdict of async AMD, and a gather per question a person answers', () => {
    for (const script of scripts) {
      const count = (kind: WebhookKind) => kinds(script).filter((k) => k === kind).length;
      expect(count('voice')).toBe(script.callee ? 1 : 0);
      expect(count('amd')).toBe(script.callee && script.amd === 'async' ? 1 : 0);
      expect(count('gather')).toBe(script.callee === 'human' ? SURVEY_QUESTIONS.length : 0);
    }
    const human = scripts.find((script) => script.callee === 'human' && script.amd === 'sync')!;
    expect(kinds(human)).toEqual(['status', 'status', 'status', 'voice', 'gather', 'gather', 'status']);
    expect(human.webhooks[3]).toMatchObject({ path: `/twilio/voice?attempt=${human.attemptId}`, params: { AnsweredBy: 'human', CallStatus: 'in-progress' } });
    expect(human.webhooks[4]!.path).toBe(`/twilio/gather?attempt=${human.attemptId}&step=q0`);
    const machine = scripts.find((script) => script.callee === 'machine' && script.amd === 'async')!;
    expect(kinds(machine)).toEqual(['status', 'status', 'status', 'voice', 'amd', 'status']);
    expect(machine.webhooks[3]!.params.AnsweredBy).toBeUndefined();
    expect(machine.webhooks[4]!.params.AnsweredBy).toMatch(/^machine_end_/);
    expect(expectedProgress(machine.webhooks)).toMatchObject({ state: 'completed', answeredBy: machine.answeredBy });
  });

  it('answers about 35 % of calls, 70 % of them by a person', () => {
    const answered = scripts.filter((script) => script.callee);
    expect(answered.length / scripts.length).toBeGreaterThan(0.3);
    expect(answered.length / scripts.length).toBeLessThan(0.4);
    expect(answered.filter((script) => script.callee === 'human').length / answered.length).toBeGreaterThan(0.6);
  });

  it('sends some calls’ status callbacks out of order, interleaved with other calls, but each call’s flow in order', () => {
    const seen = new Map<number, number>();
    const flow = new Map<number, number>();
    const flowSentAt = new Map<number, number>();
    let outOfOrder = 0;
    for (const [at, request] of plan.entries()) {
      if (request.kind === 'status') {
        const sequence = Number(request.params.SequenceNumber);
        if ((seen.get(request.callIndex) ?? -1) > sequence) outOfOrder += 1;
        seen.set(request.callIndex, Math.max(seen.get(request.callIndex) ?? -1, sequence));
      } else if (!request.duplicate) {
        // Voice, then AMD, then the gathers in question order.
        expect(request.index).toBeGreaterThan(flow.get(request.callIndex) ?? -1);
        flow.set(request.callIndex, request.index);
        // …each some time after the TwiML before it.
        // (The last few calls, with no others left to yield to, cannot wait: the benchmark never gets there.)
        if (request.kind !== 'voice' && at < plan.length * 0.9) expect(at - flowSentAt.get(request.callIndex)!).toBeGreaterThanOrEqual(FLOW_GAP_REQUESTS);
        if (request.kind !== 'amd') flowSentAt.set(request.callIndex, at);
      }
    }
    expect(outOfOrder).toBeGreaterThan(plan.length * 0.03);
    // The end of an answered call comes after its voice request; a late callback may still follow it.
    const lateAfterEnd = new Set<number>();
    const seenEnd = new Set<number>();
    for (const request of plan) {
      const script = scripts[request.callIndex]!;
      if (!script.callee) continue;
      const terminal = request.index === script.webhooks.length - 1;
      if (terminal) seenEnd.add(request.callIndex);
      else if (seenEnd.has(request.callIndex) && !request.duplicate) lateAfterEnd.add(request.callIndex);
      if (request.kind === 'voice' && !request.duplicate) expect(seenEnd.has(request.callIndex)).toBe(false);
    }
    expect(lateAfterEnd.size).toBeGreaterThan(0);
    expect(new Set(plan.slice(0, 20).map((request) => request.callIndex)).size).toBeGreaterThan(10);
  });

  it('the state machine ends where in-order delivery ends, whatever the delivery order and duplication', () => {
    const byCall = new Map<number, typeof plan>();
    for (const request of plan) byCall.set(request.callIndex, [...(byCall.get(request.callIndex) ?? []), request]);
    for (const [index, delivered] of [...byCall].slice(0, 200)) {
      expect(applyAll(delivered.map(reportOf))).toEqual(expectedProgress(scripts[index]!.webhooks));
    }
  });
});
