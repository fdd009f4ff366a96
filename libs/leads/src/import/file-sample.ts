import { open } from 'node:fs/promises';

export interface FileSample {
  bytes: Buffer;
  /** Whether the sample is the whole file. */
  complete: boolean;
}

/** The first `size` bytes of a file, without reading the rest. */
export async function readFileSample(path: string, size: number): Promise<FileSample> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(size + 1);
    let read = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, read, buffer.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
      if (read === buffer.length) break;
    }
    return { bytes: buffer.subarray(0, Math.min(read, size)), complete: read <= size };
  } finally {
    await handle.close();
  }
}
