import { Controller, Get, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Public, Roles } from './access.decorators';
import { AccessPolicyCheck } from './access-policy.check';

@Roles('admin')
@Controller('declared-on-class')
class ClassLevel {
  @Get()
  list() {
    return [];
  }
}

@Controller('mixed')
class Mixed {
  @Get('open')
  @Public()
  open() {
    return 'ok';
  }

  @Get('forgotten')
  forgotten() {
    return 'oops';
  }
}

async function boot(controllers: (new () => object)[]) {
  @Module({ imports: [DiscoveryModule], controllers, providers: [AccessPolicyCheck] })
  class Probe {}
  const moduleRef = await Test.createTestingModule({ imports: [Probe] }).compile();
  return moduleRef.createNestApplication().init();
}

describe('AccessPolicyCheck', () => {
  it('boots when every route declares its roles', async () => {
    const app = await boot([ClassLevel]);
    await app.close();
  });

  it('refuses to boot and names the route that declares nothing', async () => {
    await expect(boot([ClassLevel, Mixed])).rejects.toThrow(/GET forgotten \(Mixed\.forgotten\)/);
  });
});
