import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignStatsService, WhyService } from '@dialer/dialer';
import { Roles } from '../access/access.decorators';
import { UuidParam } from '../http/uuid-param';
import { CampaignStatsView } from './floor.views';

/** What supervisors watch and ask: the live figures, and why something is (not) being dialed. */
@ApiTags('floor')
@ApiBearerAuth()
@Roles('manager', 'admin', 'compliance')
@Controller()
export class FloorController {
  constructor(
    private readonly stats: CampaignStatsService,
    private readonly why: WhyService,
  ) {}

  @Get('campaigns/:id/stats')
  @ApiOkResponse({ type: CampaignStatsView })
  @ApiOperation({ summary: 'Live floor figures: dials, answers, connects, abandons and rate over the legal window, agents, pacing' })
  campaignStats(@UuidParam() id: string): Promise<CampaignStatsView> {
    return this.stats.stats(id);
  }

  @Get('campaigns/:id/why')
  @ApiOperation({ summary: 'Why the campaign is not dialing right now (empty list means it is)' })
  campaignWhy(@UuidParam() id: string) {
    return this.why.campaign(id);
  }

  @Get('leads/:id/why')
  @ApiOperation({ summary: 'Why a lead is or is not being dialed now: every gate, for every campaign using its list' })
  leadWhy(@UuidParam() id: string) {
    return this.why.lead(id);
  }
}
