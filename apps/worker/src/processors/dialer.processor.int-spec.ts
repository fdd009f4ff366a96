import { MikroORM } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { DomainError, DomainErrorKind } from '@dialer/core';
import { AgentCallsService, AgentReadinessService, Reconciler } from '@dialer/dialer';
import { PreviewAutoDialJob } from '@dialer/queues';
import { bootModules, createTestContext, TestContext } from '@dialer/testing';
import { DialerProcessor } from './dialer.processor';

describe('dialer processor: the preview countdown (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, []);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  /** The countdown job, with dialPreview failing as given. */
  const countdown = (error: Error | null) => {
    const agentCalls = {
      dialPreview: () => (error ? Promise.reject(error) : Promise.resolve({ attemptId: 'a' })),
    } as unknown as AgentCallsService;
    const processor = new DialerProcessor(app.get(MikroORM), agentCalls, {} as AgentReadinessService, {} as Reconciler, {} as Queue, ctx.config);
    return processor.previewAutoDial({ data: { agentId: 'agent', attemptId: 'a', epoch: 1 } } as Job<PreviewAutoDialJob>);
  };
  const domainError = (code: string, kind: DomainErrorKind) => new DomainError(code, code, kind);

  it('does not retry what a retry cannot change: a refused call, a blocking gate, a preview gone or already dialing', async () => {
    await expect(countdown(null)).resolves.toBe(true);
    // As CallNotPlacedError('refused'), PreviewNotDialableError, NoPreviewError and PreviewAlreadyDialingError are thrown.
    await expect(countdown(domainError('CALL_NOT_PLACED', 'unprocessable'))).resolves.toBe(false);
    await expect(countdown(domainError('LEAD_NOT_DIALABLE', 'unprocessable'))).resolves.toBe(false);
    await expect(countdown(domainError('NO_PREVIEW', 'conflict'))).resolves.toBe(false);
    await expect(countdown(domainError('PREVIEW_ALREADY_DIALING', 'conflict'))).resolves.toBe(false);
  });

  it('lets the queue retry when a dependency is down, or on an unexpected error', async () => {
    await expect(countdown(domainError('CALL_NOT_PLACED', 'unavailable'))).rejects.toMatchObject({ code: 'CALL_NOT_PLACED' });
    await expect(countdown(new Error('connection reset'))).rejects.toThrow('connection reset');
  });
});
