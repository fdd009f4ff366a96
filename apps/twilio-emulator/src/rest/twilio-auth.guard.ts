import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { twilioErrors } from '../common/twilio-rest.errors';
import { EMULATOR_ACCOUNT, EmulatorAccount } from '../emulator-account';

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** HTTP Basic auth with the account SID and auth token, for the account in the path; 401 `Authenticate` otherwise. */
@Injectable()
export class TwilioAuthGuard implements CanActivate {
  constructor(@Inject(EMULATOR_ACCOUNT) private readonly account: EmulatorAccount) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const match = /^Basic\s+(\S+)$/i.exec(request.header('authorization') ?? '');
    const [username, ...rest] = Buffer.from(match?.[1] ?? '', 'base64').toString('utf8').split(':');
    const password = rest.join(':');
    const pathAccount = request.params.accountSid;
    if (
      !match ||
      !same(username ?? '', this.account.accountSid) ||
      !same(password, this.account.authToken) ||
      pathAccount !== this.account.accountSid
    ) {
      throw twilioErrors.authenticate();
    }
    return true;
  }
}
