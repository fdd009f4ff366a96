import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WhyService } from '@dialer/dialer';
import { LeadLookupQueries } from '@dialer/reporting';
import { Roles } from '../access/access.decorators';
import { UuidParam } from '../http/uuid-param';
import { LeadDetailDto, LeadPageDto, LeadSearchQuery } from './lists.responses.dto';

/** A manager's lookup of leads: search by number, name or external id; one lead with its attempts and why it is (not) dialed. */
@ApiTags('lead lists')
@ApiBearerAuth()
@Roles('manager', 'admin')
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly lookup: LeadLookupQueries,
    private readonly why: WhyService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Leads matching a number (any format), a name or an external id, newest first, paginated' })
  @ApiOkResponse({ type: LeadPageDto })
  async search(@Query() query: LeadSearchQuery): Promise<LeadPageDto> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { total, items } = await this.lookup.search({ q: query.q, listId: query.listId, limit, offset });
    return { total, limit, offset, leads: items };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A lead, its latest attempts and why it is (not) being dialed now' })
  @ApiOkResponse({ type: LeadDetailDto })
  async get(@UuidParam() id: string): Promise<LeadDetailDto> {
    const lead = await this.lookup.lead(id);
    const why = await this.why.lead(id);
    return {
      ...lead,
      why: {
        ...why,
        campaigns: why.campaigns.map((c) => ({
          ...c,
          blocking: c.blocking && verdictView(c.blocking),
          verdicts: c.verdicts.map(verdictView),
        })),
      },
    };
  }
}

/** A gate's verdict without its evidence (kept with attempts, not shown here). */
function verdictView(verdict: { gate: string; passed: boolean; code: string; message: string; retryAt?: Date | null }) {
  return { gate: verdict.gate, passed: verdict.passed, code: verdict.code, message: verdict.message, retryAt: verdict.retryAt ? verdict.retryAt.toISOString() : null };
}
