import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';
import { AuditLogQueries } from './audit-log.queries';
import { AuditService } from './audit.service';
import { AuditEntry } from './entities/audit-entry.entity';

@Global()
@Module({
  imports: [MikroOrmModule.forFeature([AuditEntry])],
  providers: [AuditService, AuditLogQueries],
  exports: [AuditService, AuditLogQueries],
})
export class AuditModule {}
