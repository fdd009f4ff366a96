import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { KPI_GROUPINGS, KpiGrouping } from '@dialer/dialer';
import { IsInstant, NotBefore } from '../http/timestamp';

/** The formulas, as the KPI report's OpenAPI description states them. */
export const KPI_FORMULAS = [
  'dials: attempts whose call reached (or may have reached) Twilio',
  'liveAnswers: a person answered (AMD said human or could not tell, or the call ended without a verdict)',
  '接続率 answerRate = liveAnswers ÷ dials',
  'contacts: right-party contacts, live answers whose disposition is flagged isContact or isSuccess (a code on a call AMD found to be a machine is no conversation); コンタクト率 contactRate = contacts ÷ dials',
  '成約率 conversionRate = successes (live answers whose disposition is flagged isSuccess) ÷ contacts',
  '放棄率 abandonRate = abandons (a live person given the abandon message, never a machine) ÷ liveAnswers',
  '平均応答速度 averageSpeedToConnectSec = mean(connected_at − answered_at) over the people put through to an agent (the total: over all of them; durations in whole milliseconds per call)',
  'AHT averageHandleTimeSec = (talk + wrap-up) ÷ handled calls (connected to an agent); hold is inside talk (not recorded apart)',
  'occupancy = (talk + wrap-up) ÷ logged-in agent time (agent state log, every state but offline); null per list',
  'agent time (wrap-up, logged-in): the seconds of the agent state log within the range, by day or hour those within each day or hour (a period still open counts until now); per list, the wrap-up after calls to the list\'s leads',
  'talkMinutesPerAgentHour = talk minutes ÷ logged-in agent hours',
].join('; ');

export class KpiQuery {
  @ApiProperty({ description: 'Attempts queued at or after this instant', example: '2026-11-01T00:00:00Z' })
  @IsInstant()
  from!: string;

  @ApiProperty({ description: 'Attempts queued before this instant', example: '2026-12-01T00:00:00Z' })
  @IsInstant()
  @NotBefore('from')
  to!: string;

  @ApiProperty({ enum: KPI_GROUPINGS })
  @IsIn(KPI_GROUPINGS)
  groupBy!: KpiGrouping;

  @ApiPropertyOptional({ description: 'IANA zone of the days and hours (default UTC)', example: 'Asia/Tokyo' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
}

export class RangeQuery {
  @ApiProperty({ example: '2026-11-01T00:00:00Z' }) @IsInstant() from!: string;
  @ApiProperty({ example: '2026-12-01T00:00:00Z' }) @IsInstant() @NotBefore('from') to!: string;
}

export class KpiRowDto {
  @ApiProperty({ description: 'The day or hour (local start), the agent id or the list id' }) key!: string;
  @ApiProperty({ description: 'The agent’s or list’s name; the day or hour' }) label!: string;
  @ApiProperty() dials!: number;
  @ApiProperty() liveAnswers!: number;
  @ApiProperty() contacts!: number;
  @ApiProperty() successes!: number;
  @ApiProperty() connects!: number;
  @ApiProperty() abandons!: number;
  @ApiProperty({ type: Number, nullable: true, description: '接続率 = liveAnswers ÷ dials' }) answerRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'コンタクト率 = contacts ÷ dials' }) contactRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '成約率 = successes ÷ contacts' }) conversionRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '放棄率 = abandons ÷ liveAnswers' }) abandonRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '平均応答速度: mean seconds from answer to agent' }) averageSpeedToConnectSec!: number | null;
  @ApiProperty() talkSec!: number;
  @ApiProperty() wrapSec!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'AHT = (talk + wrap) ÷ handled' }) averageHandleTimeSec!: number | null;
  @ApiProperty({ type: Number, nullable: true }) loggedInSec!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '占有率 = (talk + wrap) ÷ logged-in time' }) occupancy!: number | null;
  @ApiProperty({ type: Number, nullable: true }) talkMinutesPerAgentHour!: number | null;
}

export class KpiReportDto {
  @ApiProperty() campaignId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: KPI_GROUPINGS }) groupBy!: KpiGrouping;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ type: [KpiRowDto] }) rows!: KpiRowDto[];
  @ApiProperty({ type: KpiRowDto }) total!: KpiRowDto;
}

export class AbandonWindowDayDto {
  @ApiProperty({ example: '2026-11-30' }) day!: string;
  @ApiProperty() windowStart!: string;
  @ApiProperty() windowEnd!: string;
  @ApiProperty() liveAnswers!: number;
  @ApiProperty() abandons!: number;
  @ApiProperty({ description: 'UK with AMD on: machines × the false-positive rate, counted as abandoned' }) amdFalsePositives!: number;
  @ApiProperty() rate!: number;
  @ApiProperty() overCap!: boolean;
}

export class AbandonWindowReportDto {
  @ApiProperty() campaignId!: string;
  @ApiProperty() windowHours!: number;
  @ApiProperty() capRate!: number;
  @ApiProperty({ type: [AbandonWindowDayDto] }) days!: AbandonWindowDayDto[];
}

export class OptionalRangeQuery {
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z' }) @IsOptional() @IsInstant() @NotBefore('from') to?: string;
}

export class PenetrationPassDto {
  @ApiProperty({ description: '1 to 5: the lead’s n-th call' }) pass!: number;
  @ApiProperty({ description: 'Leads called at least this many times' }) attempted!: number;
  @ApiProperty({ description: 'Leads whose first live answer came on this call' }) reached!: number;
}

export class BlockedCountDto {
  @ApiProperty({ example: 'dnc' }) reason!: string;
  @ApiProperty() leads!: number;
}

export class PenetrationReportDto {
  @ApiProperty() listId!: string;
  @ApiProperty() leads!: number;
  @ApiProperty({ type: [PenetrationPassDto] }) passes!: PenetrationPassDto[];
  @ApiProperty({ description: 'new, due for a retry or a callback, or being dialed' }) remaining!: number;
  @ApiProperty() done!: number;
  @ApiProperty() exhausted!: number;
  @ApiProperty({ type: [BlockedCountDto] }) blocked!: BlockedCountDto[];
}

export class SurveyAnswerCountDto {
  @ApiProperty() answer!: string;
  @ApiProperty() count!: number;
}

export class SurveyQuestionReportDto {
  @ApiProperty() questionId!: string;
  @ApiProperty({ type: String, nullable: true }) prompt!: string | null;
  @ApiProperty() respondents!: number;
  @ApiProperty({ type: [SurveyAnswerCountDto] }) answers!: SurveyAnswerCountDto[];
}

export class SurveyReportDto {
  @ApiProperty() campaignId!: string;
  @ApiProperty({ type: [SurveyQuestionReportDto] }) questions!: SurveyQuestionReportDto[];
}

export class PromisesCurrencyDto {
  @ApiProperty({ example: 'JPY' }) currency!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'Minor units' }) amount!: number;
  @ApiProperty({ description: 'A PAID outcome recorded on the lead after the promise, by its date' }) kept!: number;
  @ApiProperty() keptAmount!: number;
  @ApiProperty({ description: 'The promised date passed without a payment recorded' }) broken!: number;
  @ApiProperty() pending!: number;
  @ApiProperty({
    description:
      'Promises whose stored amount or date cannot be read (recorded before validation bounded them): counted, but their amount left out of amount and keptAmount, and an unreadable date neither kept nor broken',
  })
  unreadable!: number;
}

export class PromisesReportDto {
  @ApiProperty() campaignId!: string;
  @ApiProperty({ type: [PromisesCurrencyDto] }) currencies!: PromisesCurrencyDto[];
}
