import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Campaign,
  CAMPAIGN_KINDS,
  CAMPAIGN_STATUSES,
  CampaignConfig,
  CampaignKind,
  CampaignLike,
  CampaignList,
  CampaignStatus,
  DIALING_MODES,
  DialingMode,
  DispositionCode,
  ReadinessIssue,
  resolveCampaignConfig,
} from '@dialer/campaigns';
import { JURISDICTIONS, Jurisdiction } from '@dialer/compliance';
import { CampaignSettingsDto } from './campaign-settings.dto';

const iso = (date?: Date | null) => date?.toISOString() ?? null;

// Response classes: the OpenAPI document (and so the web app's typed client) describes what these routes return.

export class CampaignView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CAMPAIGN_KINDS }) kind!: CampaignKind;
  @ApiProperty({ enum: DIALING_MODES }) dialingMode!: DialingMode;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: CampaignStatus;
  @ApiProperty({ enum: JURISDICTIONS }) jurisdiction!: Jurisdiction;
  @ApiProperty({ type: CampaignSettingsDto, description: 'The settings as stored' }) settings!: CampaignSettingsDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The settings in force: stored ones completed with jurisdiction and product defaults (null where nothing applies)',
  })
  effective!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) createdAt!: string | null;
  @ApiProperty({ type: 'integer', description: 'Moves on with every change to the campaign (edits, starts, pauses...); a PATCH sends back the one it was made from' })
  version!: number;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) completedAt!: string | null;
}

export class ReadinessIssueView implements ReadinessIssue {
  @ApiProperty({ description: 'Dotted path of the setting to change, e.g. settings.abandon.message.callbackNumber, or lists, dispositions, agents' })
  field!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'The issue in English' }) message!: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    description: 'The figures the message states (a limit, hours, a number), by name: a client words the code in its language with them',
    example: { seconds: 15, profile: 'US' },
  })
  params?: Record<string, string | number>;
}

export class ReadinessView {
  @ApiProperty({ type: [ReadinessIssueView], description: 'Each blocks the start' }) problems!: ReadinessIssueView[];
  @ApiProperty({ type: [ReadinessIssueView], description: 'Worth knowing; the campaign still starts' }) warnings!: ReadinessIssueView[];
}

export class TransitionView extends CampaignView {
  @ApiProperty({ type: [ReadinessIssueView] }) warnings!: ReadinessIssueView[];
}

export class CampaignListView {
  @ApiProperty({ format: 'uuid' }) listId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Lower is dialed first' }) priority!: number;
  @ApiProperty({ description: 'Share among lists of equal priority' }) weight!: number;
  @ApiProperty() active!: boolean;
}

export class DispositionView {
  @ApiProperty() code!: string;
  @ApiProperty() label!: string;
  @ApiProperty() isFinal!: boolean;
  @ApiProperty() isSuccess!: boolean;
  @ApiProperty() isCallback!: boolean;
  @ApiProperty() isDnc!: boolean;
  @ApiProperty() isContact!: boolean;
  @ApiProperty() isRefusal!: boolean;
  @ApiProperty() position!: number;
}

export class ScriptProblemView {
  @ApiProperty({ description: 'Stable code of the rule (SCRIPT_SECTION, SCRIPT_UNCLOSED_TAG, SCRIPT_UNKNOWN_FIELD…): a client words it in its language' })
  code!: string;
  @ApiProperty({ description: 'The problem in English' }) message!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    description: 'What the message names: `tag` (as written), `field`, `position` (1-based), `reason`',
  })
  params!: Record<string, string | number>;
}

export class ScriptPreviewView {
  @ApiProperty({ type: String, nullable: true, description: 'The script as the agent would read it for the sample lead; null when the template does not parse' })
  text!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the template does not parse' }) problem!: string | null;
  @ApiProperty({ type: [ScriptProblemView], description: 'Why there is no text, each with its code and the tag it names (empty when there is text)' })
  problems!: ScriptProblemView[];
  @ApiProperty({ type: [String], description: 'Fields the template names that no lead has' }) unknownFields!: string[];
}

export class CampaignDefaultsView {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The settings a new campaign of this kind, mode and jurisdiction would run on before any is set (its calling hours, abandon window, retry rules…): as `effective` on a campaign',
  })
  effective!: Record<string, unknown>;
}

/** The settings a campaign runs on: what it sets over its jurisdiction's profile and the product's defaults. */
export function effectiveSettings(campaign: CampaignLike): Record<string, unknown> {
  const { profile, ...effective } = resolveCampaignConfig(campaign) as CampaignConfig;
  return { ...effective, jurisdiction: profile.code };
}

export function campaignView(campaign: Campaign): CampaignView {
  return {
    id: campaign.id,
    name: campaign.name,
    kind: campaign.kind,
    dialingMode: campaign.dialingMode,
    status: campaign.status,
    jurisdiction: campaign.jurisdiction,
    settings: campaign.settings,
    effective: effectiveSettings(campaign),
    createdAt: iso(campaign.createdAt),
    version: campaign.version,
    startedAt: iso(campaign.startedAt),
    completedAt: iso(campaign.completedAt),
  };
}

export function campaignListView(attachment: CampaignList): CampaignListView {
  return {
    listId: attachment.list.id,
    name: attachment.list.name,
    priority: attachment.priority,
    weight: attachment.weight,
    active: attachment.active,
  };
}

export function dispositionView(code: DispositionCode): DispositionView {
  return {
    code: code.code,
    label: code.label,
    isFinal: code.isFinal,
    isSuccess: code.isSuccess,
    isCallback: code.isCallback,
    isDnc: code.isDnc,
    isContact: code.isContact,
    isRefusal: code.isRefusal,
    position: code.position,
  };
}
