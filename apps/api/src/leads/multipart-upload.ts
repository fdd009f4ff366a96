import busboy from 'busboy';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, ValidationFailedError } from '@dialer/core';
import { FileSample, UploadedFile, UploadTooLargeError } from '@dialer/leads';
import { textProblem } from '../http/hostile-input';
import { uploadFileName } from './upload-file-name';

/** The multipart field that carries the file; every other field is a plain value. */
export const FILE_FIELD = 'file';
/** Boundaries and part headers around the file: a request this much over the limit may still hold a file within it. */
const MULTIPART_OVERHEAD = 64 * 1024;
/**
 * A request answered before its body was read (a preview has its sample) is
 * then read and dropped for at most this long and this much — so a client
 * that reads the answer while still sending (browsers, curl, Node) gets it
 * rather than a reset — and its connection closed if the body goes on.
 */
const LINGER_MS = 2_000;
const LINGER_BYTES = 8 * 1024 * 1024;

export interface Multipart<T> {
  file: T;
  fields: Record<string, string>;
}

const notMultipart = () =>
  new DomainError('UPLOAD_NOT_MULTIPART', `Send the file as multipart/form-data in a field named "${FILE_FIELD}"`, 'invalid');
const noFile = () => new DomainError('UPLOAD_FILE_MISSING', `The request has no file in a field named "${FILE_FIELD}"`, 'invalid');

/**
 * After the answer to a request whose body was not read to its end: the rest
 * is read and dropped (a body that ends soon keeps the connection usable),
 * for at most LINGER_MS and LINGER_BYTES, then the connection is closed.
 * Closing at once, with unread bytes, would reset the connection and could
 * lose the answer on its way to the client.
 */
function dropRestOfBody(request: Request): void {
  const linger = () => {
    if (request.complete) {
      request.resume();
      return;
    }
    let dropped = 0;
    const close = () => {
      clearTimeout(timer);
      request.off('data', onData);
      request.socket.destroy();
    };
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) close();
    };
    const timer = setTimeout(close, LINGER_MS);
    request.on('data', onData);
    request.once('end', () => clearTimeout(timer));
    request.resume();
  };
  const response = request.res;
  if (!response) {
    request.socket.destroy();
    return;
  }
  response.once('finish', linger);
  response.once('close', () => {
    if (!response.writableFinished) request.socket.destroy(); // the client went away before the answer
  });
}

/** At most this many plain fields (the DNC form has 9), each at most this large (a mapping of 200 columns is well within it). */
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 256 * 1024;
/** File parts read before the request is refused as a whole: one is wanted, a few more are named in the refusal. */
const MAX_FILE_PARTS = 4;

const malformed = (error: Error) => new DomainError('UPLOAD_MALFORMED', `The multipart body could not be read: ${error.message}`, 'invalid');
const aborted = () => new DomainError('UPLOAD_ABORTED', 'The upload was interrupted', 'invalid');

/** What the parts of a request did wrong, by field, in the order found: refused together once the body is read. */
class PartProblems {
  private readonly byField = new Map<string, string[]>();

  add(field: string, message: string): void {
    const messages = this.byField.get(field) ?? [];
    if (!messages.includes(message)) messages.push(message);
    this.byField.set(field, messages);
  }

  throwAny(): void {
    if (this.byField.size === 0) return;
    throw new ValidationFailedError([...this.byField].map(([field, messages]) => ({ field, messages })));
  }
}

/** A field name as the client sent it, printable in a message (a NUL or a quote escaped). */
const fieldLabel = (name: string) => JSON.stringify(name).slice(1, -1);

/**
 * Reads a multipart request, handing its file part to `onFile` as a stream and
 * collecting the other fields. `onFile` must consume the stream to its end,
 * or call `stop()` once it has what it needs: reading stops there (fields
 * after the file are not read) and the rest of the body is dropped after the
 * answer (dropRestOfBody).
 *
 * Every way the body can go wrong is a 4xx and leaves nothing running: the
 * parser's, the file stream's and `onFile`'s errors all end the reading (one
 * of them alone would otherwise crash the process, an 'error' with no
 * listener, or hang the request), as does a client gone mid-body; `onFile`
 * has settled before this returns or throws, so its caller may delete what
 * it wrote. A field sent twice or cut at its size limit, a second file, a NUL
 * in a field: refused (400, naming the field), never one of them kept silently.
 */
async function readMultipart<T>(
  request: Request,
  maxFileBytes: number,
  onFile: (stream: Readable, fileName: string, stop: () => void) => Promise<T>,
): Promise<Multipart<T | undefined>> {
  if (!request.is('multipart/form-data')) throw notMultipart();
  let parser: busboy.Busboy;
  try {
    // Browsers and curl send a file name's bytes as UTF-8 (顧客リスト.csv); busboy would read them as Latin-1.
    parser = busboy({
      headers: request.headers,
      defParamCharset: 'utf8',
      limits: { files: MAX_FILE_PARTS, fileSize: maxFileBytes, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
    });
  } catch {
    throw notMultipart();
  }
  // Field names are the client's: no prototype for `__proto__` or `constructor` to collide with.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  const problems = new PartProblems();
  const fileStreams: Readable[] = [];
  let file: Promise<T> | undefined;
  let stop!: () => void;
  const stopped = new Promise<'stopped'>((resolve) => (stop = () => resolve('stopped')));
  let fail!: (error: unknown) => void;
  const failed = new Promise<never>((_resolve, reject) => (fail = reject));
  failed.catch(() => undefined); // raced below
  // The parser's error (a body cut short: "Unexpected end of form") is raced below through `closed`; this keeps a later one harmless.
  parser.on('error', () => undefined);
  parser.on('field', (name, value, info) => {
    const label = fieldLabel(name);
    const problem = textProblem(name) ?? textProblem(value);
    if (info.nameTruncated) problems.add(label, `the name of field ${label} is too long`);
    else if (problem) problems.add(label, `${label} ${problem}`);
    else if (info.valueTruncated) problems.add(label, `${label} is larger than the ${MAX_FIELD_BYTES / 1024} KiB a field may hold`);
    else if (Object.hasOwn(fields, name)) problems.add(label, `${label} was sent more than once; send it once`);
    else fields[name] = value;
  });
  parser.on('fieldsLimit', () => problems.add('fields', `the form has more than ${MAX_FIELDS} fields`));
  parser.on('filesLimit', () => problems.add(FILE_FIELD, `send one file only, in the field "${FILE_FIELD}"`));
  parser.on('file', (name, stream, info) => {
    fileStreams.push(stream);
    // Its error (the body cut short mid-file) reaches `onFile`'s reading and the parser's own error: no crash for want of a listener.
    stream.on('error', () => undefined);
    if (name !== FILE_FIELD || file) {
      const label = fieldLabel(name);
      problems.add(label, name === FILE_FIELD ? `send one file only, in the field "${FILE_FIELD}"` : `${label} is not a file field: send the file in "${FILE_FIELD}"`);
      stream.resume();
      return;
    }
    file = onFile(stream, uploadFileName(info.filename), stop);
    file.catch(fail);
  });
  const closed = once(parser, 'close');
  const gone = once(request, 'aborted').then(() => {
    throw aborted();
  });
  request.pipe(parser);
  try {
    if ((await Promise.race([closed, gone, stopped, failed])) === 'stopped') {
      request.unpipe(parser);
      request.pause(); // the client waits (TCP backpressure) until the answer is out
      parser.destroy();
      dropRestOfBody(request);
    }
  } catch (error) {
    const reason = error instanceof DomainError ? error : malformed(error as Error);
    request.unpipe(parser);
    parser.destroy();
    for (const stream of fileStreams) stream.destroy(reason);
    await file?.catch(() => undefined); // what `onFile` wrote is closed before the caller deletes it
    if (request.complete || request.destroyed) request.resume();
    else {
      request.pause();
      dropRestOfBody(request); // a body still coming is not read to its end (a write that failed at its start)
    }
    throw reason;
  } finally {
    gone.catch(() => undefined);
  }
  let read: T | undefined;
  try {
    read = file ? await file : undefined;
  } catch (error) {
    throw error instanceof DomainError ? error : malformed(error as Error);
  }
  problems.throwAny();
  return { file: read, fields };
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
      let notStored: NodeJS.ErrnoException | undefined;
      out.once('error', (error) => (notStored = error));
      stream.once('limit', () => (tooLarge = true));
      try {
        await pipeline(stream, out);
      } catch (error) {
        out.destroy();
        if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve())); // opened late, it would outlive the rm below
        if (notStored) throw new DomainError('UPLOAD_NOT_STORED', `The upload could not be stored (${notStored.code ?? 'write failed'}); try again later`, 'unavailable');
        throw error;
      }
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

/**
 * The first `bytes` of the uploaded file, for a preview. Reading stops once
 * they are in (one byte more says whether the file goes on): the answer does
 * not wait for, nor the server read, the rest of a large file, which is
 * dropped after the answer (dropRestOfBody). Fields must come before the
 * file to be read whatever its size.
 */
export async function receiveSample(request: Request, bytes: number): Promise<Multipart<FileSample>> {
  const { file, fields } = await readMultipart(request, Number.MAX_SAFE_INTEGER, async (stream, _fileName, stop) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const wanted = bytes + 1 - kept;
      chunks.push(chunk.subarray(0, wanted));
      kept += Math.min(chunk.length, wanted);
      if (kept > bytes) {
        stop();
        break;
      }
    }
    const read = Buffer.concat(chunks);
    return { bytes: read.subarray(0, bytes), complete: read.length <= bytes };
  });
  if (!file) throw noFile();
  return { file, fields };
}
