import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { DncService } from './dnc.service';
import { Consent } from './entities/consent.entity';
import { DncEntry } from './entities/dnc-entry.entity';

@Module({
  imports: [MikroOrmModule.forFeature([DncEntry, Consent])],
  providers: [DncService],
  exports: [MikroOrmModule, DncService],
})
export class ComplianceModule {}
