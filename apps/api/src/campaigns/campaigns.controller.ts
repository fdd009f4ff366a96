import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@dialer/core';
import { Actor } from '@dialer/audit';
import { AgentsService } from '@dialer/agents';
import { CampaignsService, FloorFacts, previewScript } from '@dialer/campaigns';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { UuidParam } from '../http/uuid-param';
import {
  AttachListDto,
  CampaignDefaultsQuery,
  CreateCampaignDto,
  DispositionDto,
  LifecycleParams,
  ListCampaignsQuery,
  ScriptPreviewDto,
  UpdateCampaignDto,
  UpdateDispositionDto,
} from './campaign.dto';
import {
  CampaignDefaultsView,
  CampaignListView,
  campaignListView,
  CampaignView,
  campaignView,
  DispositionView,
  effectiveSettings,
  dispositionView,
  ReadinessView,
  ScriptPreviewView,
  TransitionView,
} from './campaign.views';

const READERS = ['manager', 'admin', 'compliance'] as const;

@ApiTags('campaigns')
@ApiBearerAuth()
@Roles('manager', 'admin')
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly agents: AgentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async floor(campaignId: string): Promise<FloorFacts> {
    return { loggedInAgents: (await this.agents.list(campaignId)).length, accountCps: this.config.twilio.cps };
  }

  @Post()
  @ApiOkResponse({ type: CampaignView })
  @ApiOperation({ summary: 'Create a draft campaign (jurisdiction defaults apply to what is not set)' })
  async create(@Body() body: CreateCampaignDto, @CurrentActor() actor: Actor) {
    return campaignView(await this.campaigns.create(body, actor));
  }

  @Post('script-preview')
  @HttpCode(200)
  @ApiOkResponse({ type: ScriptPreviewView })
  @ApiOperation({ summary: 'Render a talk script for a sample lead, as the agent would read it (the editor\'s live preview; nothing is stored)' })
  scriptPreview(@Body() body: ScriptPreviewDto): ScriptPreviewView {
    const { agentName, ...lead } = body.sample ?? {};
    return previewScript(body.script, { ...lead, ...(agentName ? { agent: { name: agentName } } : {}) });
  }

  @Get('defaults')
  @ApiOkResponse({ type: CampaignDefaultsView })
  @ApiOperation({
    summary: 'The settings a new campaign would run on (its jurisdiction\'s calling hours, abandon window…), for the new-campaign form to show before anything is set',
  })
  defaults(@Query() query: CampaignDefaultsQuery): CampaignDefaultsView {
    return { effective: effectiveSettings({ ...query, settings: {} }) };
  }

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ type: [CampaignView] })
  async list(@Query() query: ListCampaignsQuery) {
    return (await this.campaigns.list(query)).map(campaignView);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: CampaignView })
  async get(@UuidParam() id: string) {
    return campaignView(await this.campaigns.get(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: CampaignView })
  @ApiConflictResponse({
    description: 'CAMPAIGN_CHANGED: the `version` sent is not the campaign\'s (someone changed it since; details give currentVersion), or CAMPAIGN_CLOSED. Nothing is changed.',
  })
  @ApiOperation({ summary: 'Rename, change mode, or replace settings sections; send the `version` the change was made from to refuse one over someone else\'s' })
  async update(@UuidParam() id: string, @Body() body: UpdateCampaignDto, @CurrentActor() actor: Actor) {
    return campaignView(await this.campaigns.update(id, body, actor));
  }

  @Get(':id/readiness')
  @ApiOkResponse({ type: ReadinessView })
  @Roles(...READERS)
  @ApiOperation({ summary: 'What would stop the campaign from starting now, and what is worth knowing' })
  async readiness(@UuidParam() id: string): Promise<ReadinessView> {
    return this.campaigns.readiness(await this.campaigns.get(id), await this.floor(id));
  }

  @Get(':id/lists')
  @ApiOkResponse({ type: [CampaignListView] })
  @Roles(...READERS)
  async lists(@UuidParam() id: string) {
    return (await this.campaigns.lists(id)).map(campaignListView);
  }

  @Put(':id/lists/:listId')
  @ApiOkResponse({ type: [CampaignListView] })
  @ApiOperation({ summary: 'Attach a list (or change its priority, weight, active flag)' })
  async attachList(
    @UuidParam() id: string,
    @UuidParam('listId') listId: string,
    @Body() body: AttachListDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.campaigns.attachList(id, listId, body, actor);
    return (await this.campaigns.lists(id)).map(campaignListView);
  }

  @Delete(':id/lists/:listId')
  @HttpCode(204)
  async detachList(@UuidParam() id: string, @UuidParam('listId') listId: string, @CurrentActor() actor: Actor) {
    await this.campaigns.detachList(id, listId, actor);
  }

  @Get(':id/dispositions')
  @ApiOkResponse({ type: [DispositionView] })
  @Roles(...READERS, 'agent')
  async dispositions(@UuidParam() id: string) {
    return (await this.campaigns.dispositions(id)).map(dispositionView);
  }

  @Post(':id/dispositions')
  @ApiOkResponse({ type: DispositionView })
  async addDisposition(@UuidParam() id: string, @Body() body: DispositionDto, @CurrentActor() actor: Actor) {
    return dispositionView(await this.campaigns.addDisposition(id, body, actor));
  }

  @Patch(':id/dispositions/:code')
  @ApiOkResponse({ type: DispositionView })
  async updateDisposition(
    @UuidParam() id: string,
    @Param('code') code: string,
    @Body() body: UpdateDispositionDto,
    @CurrentActor() actor: Actor,
  ) {
    return dispositionView(await this.campaigns.updateDisposition(id, code, body, actor));
  }

  @Delete(':id/dispositions/:code')
  @HttpCode(204)
  async removeDisposition(@UuidParam() id: string, @Param('code') code: string, @CurrentActor() actor: Actor) {
    await this.campaigns.removeDisposition(id, code, actor);
  }

  // Declared last: Nest registers routes in order, and this pattern would shadow the ones above.
  @Post(':id/:action')
  @HttpCode(200)
  @ApiOkResponse({ type: TransitionView })
  @ApiOperation({ summary: 'start | pause | resume | complete | archive; starting checks the whole configuration' })
  async transition(@Param() { id, action }: LifecycleParams, @CurrentActor() actor: Actor) {
    const { campaign, warnings } = await this.campaigns.transition(id, action, actor, await this.floor(id));
    return { ...campaignView(campaign), warnings };
  }
}
