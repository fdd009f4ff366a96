import { ApiProperty } from '@nestjs/swagger';
import type { CallCounts, CampaignStats } from '@dialer/dialer';

// What GET /campaigns/:id/stats returns, for the OpenAPI document and the web app's typed client.

export class CallCountsView implements CallCounts {
  @ApiProperty({ description: 'Attempts whose call reached (or may have reached) Twilio' }) dials!: number;
  @ApiProperty({
    description: 'A live person answered (not a machine or a fax): AMD said human or could not tell, or the call ended without a verdict. 接続率 (answer rate) = liveAnswers ÷ dials',
  })
  liveAnswers!: number;
  @ApiProperty() machines!: number;
  @ApiProperty({ description: 'A person connected to an agent' }) connects!: number;
  @ApiProperty() machineConnects!: number;
  @ApiProperty({ description: 'Live people abandoned' }) abandons!: number;
  @ApiProperty({ description: 'Estimated AMD false positives, where the law counts them as abandoned (UK); 0 elsewhere' }) amdFalsePositives!: number;
  @ApiProperty({ description: '(abandons + AMD false positives) ÷ (live answers + AMD false positives)' }) abandonRate!: number;
  @ApiProperty({
    description:
      'Right-party contacts: live answers whose disposition is flagged isContact or isSuccess (a code on a call AMD found to be a machine is no conversation), counted as the KPI report counts contacts',
  })
  contacts!: number;
  @ApiProperty({ description: 'コンタクト率 = contacts ÷ dials (0 with no dials), as the KPI report\'s contactRate' }) contactRate!: number;
}

export class AbandonWindowView extends CallCountsView {
  @ApiProperty({ description: 'The regulatory window, in hours' }) hours!: number;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ description: "The campaign's cap on the abandon rate" }) capRate!: number;
}

export class CampaignStatsView implements Omit<CampaignStats, 'agents' | 'pacing'> {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() status!: string;
  @ApiProperty() mode!: string;
  @ApiProperty({ type: AbandonWindowView }) window!: AbandonWindowView;
  @ApiProperty({ type: CallCountsView }) lastHour!: CallCountsView;
  @ApiProperty() inFlight!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Talk time ÷ logged-in time over the last hour' }) occupancy!: number | null;
  @ApiProperty({ type: Number, nullable: true }) occupancyWithWrap!: number | null;
  @ApiProperty({
    type: 'object',
    properties: {
      byState: { type: 'object', additionalProperties: { type: 'number' } },
      list: { type: 'array', items: { type: 'object', additionalProperties: true } },
    },
    required: ['byState', 'list'],
  })
  agents!: CampaignStats['agents'];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Leads of the attached lists by status' }) leads!: Record<string, number>;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: "The pacing leader's last decision (null: no worker leads the campaign)" })
  pacing!: CampaignStats['pacing'];
  @ApiProperty({ format: 'date-time' }) at!: string;
}
