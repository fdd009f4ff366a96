import busboy from 'busboy';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DomainError } from '@dialer/core';
import { FileSample, UploadedFile, UploadTooLargeError } from '@dialer/leads';

/** The multipart field that carries the file; every other field is a plain value. */
export const FILE_FIELD = 'file';
/** Boundaries and part headers around the file: a request this much over the limit may still hold a file within it. */
const MULTIPART_OVERHEAD = 64 * 1024;

export interface Multipart<T> {
  file: T;
  fields: Record<string, string>;
}

const notMultipart = () =>
  new DomainError('UPLOAD_NOT_MULTIPART', `Send the file as multipart/form-data in a field named "${FILE_FIELD}"`, 'invalid');
const noFile = () => new DomainError('UPLOAD_FILE_MISSING', `The request has no file in a field named "${FILE_FIELD}"`, 'invalid');

/**
 * Reads a multipart request, handing its file part to `onFile` as a stream and
 * collecting the other fields. `onFile` must consume the stream to its end.
 */
async function readMultipart<T>(
  request: Request,
  maxFileBytes: number,
  onFile: (stream: Readable, fileName: string) => Promise<T>,
): Promise<Multipart<T | undefined>> {
  if (!request.is('multipart/form-data')) throw notMultipart();
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: maxFileBytes, fields: 20, fieldSize: 256 * 1024 } });
  } catch {
    throw notMultipart();
  }
  const fields: Record<string, string> = {};
  let file: Promise<T> | undefined;
  parser.on('field', (name, value) => (fields[name] = value));
  parser.on('file', (name, stream, info) => {
    if (name !== FILE_FIELD || file) {
      stream.resume();
      return;
    }
    file = onFile(stream, path.basename(info.filename || 'upload.csv'));
    file.catch(() => undefined); // awaited below
  });
  const closed = once(parser, 'close');
  const aborted = once(request, 'aborted').then(() => {
    throw new DomainError('UPLOAD_ABORTED', 'The upload was interrupted', 'invalid');
  });
  request.pipe(parser);
  try {
    await Promise.race([closed, aborted]);
  } catch (error) {
    request.unpipe(parser);
    request.resume();
    if (error instanceof DomainError) throw error;
    throw new DomainError('UPLOAD_MALFORMED', `The multipart body could not be read: ${(error as Error).message}`, 'invalid');
  } finally {
    aborted.catch(() => undefined);
  }
  return { file: file ? await file : undefined, fields };
}

/**
 * Streams the uploaded file to the uploads directory, never holding it in
 * memory. Over the size limit the partial file is deleted and the answer is
 * a 413; the rest of the request is read and discarded so the client gets it.
 */
export async function receiveUpload(request: Request, dir: string, maxBytes: number): Promise<Multipart<UploadedFile>> {
  const declared = Number(request.headers['content-length']);
  if (declared > maxBytes + MULTIPART_OVERHEAD) {
    request.resume();
    throw new UploadTooLargeError(maxBytes);
  }
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, `${randomUUID()}.upload`);
  let tooLarge = false;
  try {
    const { file, fields } = await readMultipart(request, maxBytes, async (stream, fileName) => {
      const out = createWriteStream(target);
      stream.once('limit', () => (tooLarge = true));
      stream.pipe(out);
      await once(out, 'finish');
      return { path: target, fileName, size: out.bytesWritten };
    });
    if (tooLarge) throw new UploadTooLargeError(maxBytes);
    if (!file) throw noFile();
    return { file, fields };
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
}

/** The first `bytes` of the uploaded file, for a preview; the rest is read and dropped. */
export async function receiveSample(request: Request, bytes: number): Promise<Multipart<FileSample>> {
  const { file, fields } = await readMultipart(request, Number.MAX_SAFE_INTEGER, async (stream) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (kept < bytes) {
        chunks.push(chunk.subarray(0, bytes - kept));
        kept += Math.min(chunk.length, bytes - kept);
      }
    }
    return { bytes: Buffer.concat(chunks), complete: total <= bytes };
  });
  if (!file) throw noFile();
  return { file, fields };
}
