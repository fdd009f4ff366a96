import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Consent,
  CONSENT_TYPES,
  ConsentRevocation,
  DNC_SCOPES,
  DNC_SOURCES,
  RecordedRevocation,
  REVOCATION_CHANNELS,
  REVOCATION_SCOPES,
} from '@dialer/compliance';

const iso = (date?: Date | null) => date?.toISOString() ?? null;

/** Response schemas of the compliance routes (OpenAPI), and the mapping from entities to them. */
export class ConsentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '+14155550100' }) phone!: string;
  @ApiProperty({ enum: CONSENT_TYPES }) type!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null: every campaign' }) campaignId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadId!: string | null;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ example: 'web form' }) source!: string;
  @ApiProperty({ nullable: true, type: String }) evidence!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(consent: Consent): ConsentView {
    return {
      id: consent.id,
      phone: consent.phone,
      type: consent.type,
      campaignId: consent.campaignId ?? null,
      leadId: consent.leadId ?? null,
      grantedAt: iso(consent.grantedAt)!,
      revokedAt: iso(consent.revokedAt),
      source: consent.source,
      evidence: consent.evidence ?? null,
      createdAt: iso(consent.createdAt)!,
    };
  }
}

export class RevocationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() phone!: string;
  @ApiProperty({ enum: REVOCATION_CHANNELS }) channel!: string;
  @ApiProperty({ description: 'What the person said or pressed' }) content!: string;
  @ApiProperty({ enum: REVOCATION_SCOPES }) scope!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) campaignId!: string | null;
  @ApiProperty({ nullable: true, type: String }) product!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) attemptId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) consentId!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) honouredAt!: string | null;

  static of(r: ConsentRevocation): RevocationView {
    return {
      id: r.id,
      phone: r.phone,
      channel: r.channel,
      content: r.content,
      scope: r.scope,
      campaignId: r.campaignId ?? null,
      product: r.product ?? null,
      attemptId: r.attemptId ?? null,
      consentId: r.consentId ?? null,
      receivedAt: iso(r.receivedAt)!,
      honouredAt: iso(r.honouredAt),
    };
  }
}

export class RecordedRevocationView {
  @ApiProperty({ type: RevocationView }) revocation!: RevocationView;
  @ApiProperty({ description: 'Consents this revocation ended' }) consentsRevoked!: number;
  @ApiProperty({ description: 'Leads waiting to be dialed that it blocked at once' }) leadsBlocked!: number;

  static of(recorded: RecordedRevocation): RecordedRevocationView {
    return { revocation: RevocationView.of(recorded.revocation), consentsRevoked: recorded.consentsRevoked, leadsBlocked: recorded.leadsBlocked };
  }
}

export class ConsentsOfNumberView {
  @ApiProperty() phone!: string;
  @ApiProperty({ type: [ConsentView] }) consents!: ConsentView[];
  @ApiProperty({ type: [RevocationView] }) revocations!: RevocationView[];
}

export class RevocationReportRowView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() phone!: string;
  @ApiProperty({ enum: REVOCATION_CHANNELS }) channel!: string;
  @ApiProperty() content!: string;
  @ApiProperty({ enum: REVOCATION_SCOPES }) scope!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) campaignId!: string | null;
  @ApiProperty({ nullable: true, type: String }) product!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) honouredAt!: string | null;
  @ApiProperty({ description: 'US business days (federal holidays excluded) from receipt to honouring, or to now while open' }) lagBusinessDays!: number;
  @ApiProperty({ description: 'Over the FCC’s 10 business days' }) overDeadline!: boolean;
}

export class RevocationReportView {
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) from!: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) to!: string | null;
  @ApiProperty() received!: number;
  @ApiProperty() honoured!: number;
  @ApiProperty({ description: 'Revocations over 10 US business days (honoured late, or still open)' }) overDeadline!: number;
  @ApiProperty({ type: [RevocationReportRowView] }) items!: RevocationReportRowView[];
}

/** The revocation that put a number on the list, read from the entry's reason: a page words it in its language. */
export class DncRevocationView {
  @ApiProperty({ enum: REVOCATION_CHANNELS }) channel!: string;
  @ApiProperty({ description: 'What the person said' }) content!: string;
}

export class DncEntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() phone!: string;
  @ApiProperty({ enum: DNC_SCOPES }) scope!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) campaignId!: string | null;
  @ApiProperty({ nullable: true, type: String }) product!: string | null;
  @ApiProperty({ enum: DNC_SOURCES }) source!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: DncRevocationView, description: 'Set when a revocation of consent wrote the reason' }) revocation!: DncRevocationView | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) importId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
}

export class DncPageView {
  @ApiProperty({ nullable: true, type: String, description: 'The number asked for, normalised' }) phone!: string | null;
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ type: [DncEntryView] }) entries!: DncEntryView[];
}

/** The entry as stored (fields left unset are omitted). */
export class AddedDncEntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() phone!: string;
  @ApiProperty({ enum: DNC_SCOPES }) scope!: string;
  @ApiProperty({ enum: DNC_SOURCES }) source!: string;
  @ApiPropertyOptional({ format: 'uuid' }) campaignId?: string;
  @ApiPropertyOptional() product?: string;
  @ApiPropertyOptional() reason?: string;
}

export class AddedDncView {
  @ApiProperty({ type: AddedDncEntryView }) entry!: AddedDncEntryView;
  @ApiProperty({ description: 'False when the number was on that list already' }) created!: boolean;
  @ApiProperty({ description: 'Leads with the number, waiting to be dialed, blocked at once' }) leadsBlocked!: number;
}

export class RemovedDncView {
  @ApiProperty() phone!: string;
  @ApiProperty({ description: '0 or 1' }) removed!: number;
  @ApiProperty({ description: 'Leads given back to the dialing pool' }) leadsUnblocked!: number;
}
