import { CallEventInput, CallProgressRepository } from './call-progress.repository';
import { RawSql } from './raw-sql';

describe('CallProgressRepository', () => {
  const inputOf = (callSid: string): CallEventInput => ({
    kind: 'status',
    callSid,
    dedupeKey: '1',
    sequenceNumber: 1,
    status: 'ringing',
    params: { CallSid: callSid },
    idempotencyToken: null,
    receivedAt: new Date(),
    attemptHint: null,
    hintMayBindSid: true,
    report: null,
  });

  it('fails a webhook the statement returned no row for, without writing its batch again (it has committed)', async () => {
    // The statement's rows: one per input, but none for CA2.
    const query = jest.fn(async (_name: string, _text: string, values: readonly unknown[]) =>
      (JSON.parse(values[0] as string) as { ord: number; call_sid: string }[])
        .filter((row) => row.call_sid !== 'CA2')
        .map((row) => ({ ord: row.ord, inserted: true, id: null, claimed: false })),
    );
    const repository = new CallProgressRepository({ query } as unknown as RawSql);

    const results = await Promise.allSettled(['CA1', 'CA2', 'CA3'].map((sid) => repository.record(inputOf(sid))));

    expect(results).toEqual([
      { status: 'fulfilled', value: { duplicate: false, attempt: null } },
      { status: 'rejected', reason: new Error('record-events returned no row for a webhook') },
      { status: 'fulfilled', value: { duplicate: false, attempt: null } },
    ]);
    expect(query).toHaveBeenCalledTimes(1);
  });
});
