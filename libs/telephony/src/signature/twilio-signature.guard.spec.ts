import { ArgumentsHost, Catch, Controller, ExceptionFilter, HttpCode, INestApplication, Post, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio';
import { AppConfig, AppConfigModule, DomainError, loadConfig } from '@dialer/core';
import { TwilioSignatureGuard } from './twilio-signature.guard';

@Controller('twilio')
class StatusController {
  @Post('status')
  @HttpCode(204)
  @UseGuards(TwilioSignatureGuard)
  status(): void {}
}

/** Stands in for the api's global filter: DomainError kinds to statuses. */
@Catch(DomainError)
class KindFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): void {
    const status = { invalid: 400, forbidden: 403 }[error.kind as 'invalid' | 'forbidden'] ?? 500;
    host.switchToHttp().getResponse<Response>().status(status).json({ code: error.code });
  }
}

describe('TwilioSignatureGuard', () => {
  let app: INestApplication;
  let config: AppConfig;
  const form = { CallSid: 'CA0123456789abcdef0123456789abcdef', CallStatus: 'in-progress', To: '+15005550006' };

  beforeAll(async () => {
    config = loadConfig({ PUBLIC_BASE_URL: 'https://dialer.example.com' });
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config)],
      controllers: [StatusController],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useGlobalFilters(new KindFilter());
    await app.init();
  });

  afterAll(() => app.close());

  const signed = (url: string, params: Record<string, string>) =>
    getExpectedTwilioSignature(config.twilio.authToken, url, params);

  it('lets a request Twilio signed through', async () => {
    const signature = signed('https://dialer.example.com/twilio/status?attempt=7', form);
    await request(app.getHttpServer())
      .post('/twilio/status?attempt=7')
      .type('form')
      .set('X-Twilio-Signature', signature)
      .send(form)
      .expect(204);
  });

  it('answers 400 when the signature header is missing', async () => {
    const response = await request(app.getHttpServer()).post('/twilio/status').type('form').send(form).expect(400);
    expect(response.body).toEqual({ code: 'TWILIO_SIGNATURE_MISSING' });
  });

  it('answers 403 to a forged or tampered request', async () => {
    const signature = signed('https://dialer.example.com/twilio/status', form);
    const tampered = await request(app.getHttpServer())
      .post('/twilio/status')
      .type('form')
      .set('X-Twilio-Signature', signature)
      .send({ ...form, CallStatus: 'completed' })
      .expect(403);
    expect(tampered.body).toEqual({ code: 'TWILIO_SIGNATURE_INVALID' });
    await request(app.getHttpServer())
      .post('/twilio/status')
      .type('form')
      .set('X-Twilio-Signature', 'bm90IGEgc2lnbmF0dXJl')
      .send(form)
      .expect(403);
  });

  it('validates against the public base URL, not the host the request happened to reach', async () => {
    const signature = signed('http://127.0.0.1/twilio/status', form);
    await request(app.getHttpServer()).post('/twilio/status').type('form').set('X-Twilio-Signature', signature).send(form).expect(403);
  });
});
