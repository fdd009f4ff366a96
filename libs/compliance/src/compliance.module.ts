import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ComplianceRecordsQueries } from './compliance-records.queries';
import { ConsentLedgerService } from './consent-ledger.service';
import { DncService } from './dnc.service';
import { SubjectDataQueries } from './subject-data.queries';
import { ConsentRevocation } from './entities/consent-revocation.entity';
import { Consent } from './entities/consent.entity';
import { DncEntry } from './entities/dnc-entry.entity';

@Module({
  imports: [MikroOrmModule.forFeature([DncEntry, Consent, ConsentRevocation])],
  providers: [DncService, ConsentLedgerService, ComplianceRecordsQueries, SubjectDataQueries],
  exports: [MikroOrmModule, DncService, ConsentLedgerService, ComplianceRecordsQueries, SubjectDataQueries],
})
export class ComplianceModule {}
