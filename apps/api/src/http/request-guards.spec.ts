import type { Request, Response } from 'express';
import { ValidationFailedError } from '@dialer/core';
import { refuseDeepJson, refuseNulInPath } from './request-guards';

/** What the guard hands on: nothing (the request goes on) or the error the filter answers with. */
function guarded(method: string, url: string): unknown {
  let passed: unknown = 'not called';
  refuseNulInPath({ method, originalUrl: url, url } as Request, {} as Response, (error?: unknown) => (passed = error));
  return passed;
}

describe('refuseNulInPath', () => {
  it('refuses a NUL in an api route’s path with a 400 naming the path', () => {
    expect(guarded('GET', '/subjects/%00')).toBeInstanceOf(ValidationFailedError);
    expect(guarded('POST', '/campaigns/x/dispositions/SALE%00')).toBeInstanceOf(ValidationFailedError);
    expect(guarded('DELETE', '/dnc/%2B81%00')).toBeInstanceOf(ValidationFailedError);
  });

  it('lets a web page’s deep link through, so the browser shows the page rather than the api’s JSON', () => {
    expect(guarded('GET', '/compliance/subjects/%00')).toBeUndefined();
    expect(guarded('GET', '/console/lists/%00?x=1')).toBeUndefined();
    // Only pages are read: a write to such a path (no route there) is still refused.
    expect(guarded('POST', '/compliance/subjects/%00')).toBeInstanceOf(ValidationFailedError);
    expect(guarded('GET', '/compliancex/%00')).toBeInstanceOf(ValidationFailedError);
  });
});

describe('refuseDeepJson', () => {
  const verify = (charset: string | null) => () => refuseDeepJson({} as never, undefined, Buffer.from('{}'), charset);

  it('refuses a charset Node cannot read with 415 naming it (not a 403 "Unknown encoding")', () => {
    for (const charset of ['utf-32', 'utf-16be', 'utf-7']) {
      expect(verify(charset)).toThrow(expect.objectContaining({ status: 415, type: 'charset.unsupported', message: expect.stringContaining(`"${charset.toUpperCase()}"`) }));
    }
  });

  it('reads UTF-8 (stated or not) and UTF-16LE', () => {
    for (const charset of [null, 'utf-8', 'utf-16le']) expect(verify(charset)).not.toThrow();
  });
});
