import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthCheckResult } from '@nestjs/terminus';
import { DependencyHealth } from '@dialer/core';
import { Public } from '../access/access.decorators';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: DependencyHealth) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '200 when PostgreSQL and Redis answer; 503 naming what is down' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    const result = await this.health.check();
    response.status(result.status === 'ok' ? 200 : 503);
    return result;
  }
}
