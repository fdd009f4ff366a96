import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ComplianceModule } from '@dialer/compliance';
import { ImportJob } from './entities/import-job.entity';
import { ImportRejection } from './entities/import-rejection.entity';
import { Lead } from './entities/lead.entity';
import { LeadList } from './entities/lead-list.entity';
import { ImportRunner } from './import/import-runner.service';
import { ImportsService } from './import/imports.service';
import { LeadListsService } from './lead-lists.service';
import { LeadRecordsRepository } from './lead-records.repository';

@Module({
  imports: [ComplianceModule, MikroOrmModule.forFeature([LeadList, Lead, ImportJob, ImportRejection])],
  providers: [LeadListsService, ImportsService, ImportRunner, LeadRecordsRepository],
  exports: [MikroOrmModule, LeadListsService, ImportsService, ImportRunner, LeadRecordsRepository],
})
export class LeadsModule {}
