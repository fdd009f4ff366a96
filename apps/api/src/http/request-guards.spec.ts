import type { Request, Response } from 'express';
import { ValidationFailedError } from '@dialer/core';
import { refuseNulInPath } from './request-guards';

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
