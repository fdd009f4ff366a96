import { INestApplicationContext } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestContext, TestContext } from '@dialer/testing';
import { RunningApi, startApi, startWorker } from './apps';

export interface StackWithUploads {
  ctx: TestContext;
  /** The api's and worker's UPLOAD_DIR: a fresh temporary directory, removed by close(). */
  uploads: string;
  api: RunningApi;
  worker: INestApplicationContext;
  close(): Promise<void>;
}

/**
 * The api and the worker on a throwaway database, sharing an upload directory
 * of their own, as the import specs need them; close() stops the worker before
 * the api so no job is left half-run, then drops the database and the directory.
 */
export async function startStackWithUploads(uploadsPrefix: string): Promise<StackWithUploads> {
  const uploads = await mkdtemp(path.join(tmpdir(), uploadsPrefix));
  let ctx: TestContext | undefined;
  let api: RunningApi | undefined;
  let worker: INestApplicationContext | undefined;
  const close = async () => {
    await worker?.close();
    await api?.close();
    await ctx?.cleanup();
    await rm(uploads, { recursive: true, force: true });
  };
  try {
    ctx = await createTestContext({ UPLOAD_DIR: uploads });
    api = await startApi(ctx.config);
    worker = await startWorker(ctx.config);
  } catch (error) {
    await close();
    throw error;
  }
  return { ctx, uploads, api, worker, close };
}
