import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { Actor, AuditFilters, AuditLogQueries, AuditService, AuditVerification } from '@dialer/audit';
import { UsersService } from '@dialer/auth';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { NoQuery } from '../http/no-input.dto';
import { AuditPageDto, AuditPageQuery, AuditQuery, AuditVerificationDto } from './audit.dto';

function filtersOf(query: AuditQuery): AuditFilters {
  return {
    actorId: query.actorId,
    action: query.action,
    entityType: query.entityType,
    entityId: query.entityId,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  };
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('compliance', 'admin')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: AuditLogQueries,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail, newest first, filtered by actor, action, entity and time range' })
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() query: AuditPageQuery): Promise<AuditPageDto> {
    const page = await this.queries.page(filtersOf(query), { limit: query.limit ?? 100, before: query.before });
    // Who each actor is, in one query for the page: a reader sees a name, not a UUID (null for an account since deleted).
    const who = await this.users.whoAre(page.items.flatMap((entry) => (entry.actorId ? [entry.actorId] : [])));
    return {
      ...page,
      items: page.items.map((entry) => {
        const user = entry.actorId ? who.get(entry.actorId) : undefined;
        return { ...entry, actorName: user?.displayName ?? null, actorEmail: user?.email ?? null };
      }),
    };
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The filtered audit trail, oldest first, as formula-safe CSV with each row’s hashes (the export is itself audited)' })
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async export(@Query() query: AuditQuery, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const filters = filtersOf(query);
    await this.audit.recordNow(actor, { action: 'audit.exported', entityType: 'audit_log', data: { ...query } });
    return new StreamableFile(Readable.from(this.queries.csv(filters)), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="audit.csv"' });
  }

  @Get('verify')
  @ApiOperation({ summary: 'Walk the hash chain and report the first broken link (a changed, relinked or missing row)' })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(@Query() _query: NoQuery): Promise<AuditVerification> {
    return this.queries.verify();
  }
}
