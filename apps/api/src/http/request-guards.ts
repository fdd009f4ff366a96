import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { ValidationFailedError } from '@dialer/core';
import { WEB_APP_SECTIONS } from '../web/web-assets';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH, NUL_MESSAGE } from './hostile-input';

/**
 * body-parser's `verify` hook for JSON: refuses a body nested deeper than
 * MAX_JSON_DEPTH before it is parsed (a 400 the error filter answers; the
 * status on the error is what body-parser keeps), and a charset Node cannot
 * read (body-parser passes any `utf-*`: `utf-32`, `utf-16be`…) with 415 naming
 * it, as body-parser refuses any other charset (it would otherwise be a 403
 * "Unknown encoding", body-parser's status for a failed `verify`).
 */
export function refuseDeepJson(_request: IncomingMessage, _response: unknown, body: Buffer, encoding: string | null): void {
  const charset = encoding ?? 'utf8';
  if (!Buffer.isEncoding(charset)) {
    throw Object.assign(new Error(`unsupported charset "${charset.toUpperCase()}": send JSON in UTF-8`), { status: 415, type: 'charset.unsupported', charset });
  }
  if (jsonNestsDeeperThan(body.toString(charset), MAX_JSON_DEPTH)) {
    throw Object.assign(new Error(`JSON body nested deeper than ${MAX_JSON_DEPTH} levels`), { status: 400, type: 'entity.too.deep' });
  }
}


/**
 * A NUL in the path (`/campaigns/x/dispositions/SALE%00`) is refused before any route reads it. A web
 * page's deep link (`/compliance/subjects/%00`) is not an api route: it gets the page, which says what
 * it cannot show, rather than this JSON in the browser's window.
 */
export function refuseNulInPath(request: Request, _response: Response, next: NextFunction): void {
  const url = request.originalUrl ?? request.url;
  if ((request.method === 'GET' || request.method === 'HEAD') && WEB_APP_SECTIONS.test(url)) {
    next();
    return;
  }
  const queryAt = url.indexOf('?');
  const path = (queryAt === -1 ? url : url.slice(0, queryAt)).toLowerCase();
  if (path.includes('%00') || path.includes('\u0000')) {
    next(new ValidationFailedError([{ field: 'path', messages: [`the path ${NUL_MESSAGE}`] }]));
    return;
  }
  next();
}
