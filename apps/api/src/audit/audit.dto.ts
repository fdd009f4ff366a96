import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_ACTIONS, AUDIT_ACTOR_ROLES, AUDIT_ENTITY_TYPES } from '@dialer/audit';
import { IsInstant, NotBefore } from '../http/timestamp';

export class AuditQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Who did it' }) @IsOptional() @IsUUID() actorId?: string;

  @ApiPropertyOptional({ example: 'campaign.', description: 'An action (`campaign.start`), or all under a prefix ending in a dot (`campaign.`)' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_.]{0,79}$/, { message: 'action is a dotted lower-case verb such as campaign.start, or a prefix ending in a dot' })
  action?: string;

  @ApiPropertyOptional({ example: 'campaign' }) @IsOptional() @IsString() @MaxLength(80) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) entityId?: string;
  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'At or after' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ example: '2026-12-02T00:00:00Z', description: 'Before' }) @IsOptional() @IsInstant() @NotBefore('from') to?: string;
}

export class AuditPageQuery extends AuditQuery {
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;

  @ApiPropertyOptional({ description: 'The `nextBefore` of the previous page: rows older than this position' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'before is a chain position (a positive whole number)' })
  before?: string;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'Position in the hash chain' }) seq!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for the system' }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The actor’s display name, as the account has it now (null for the system, or an account no longer there)' })
  actorName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The actor’s email, as the account has it now' }) actorEmail!: string | null;
  @ApiProperty({ enum: AUDIT_ACTOR_ROLES, description: 'The actor’s role when they acted: a user’s role, `system`, or `anonymous` (a refused sign-in)' }) actorRole!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'campaign.start' }) action!: string;
  @ApiProperty({ enum: AUDIT_ENTITY_TYPES }) entityType!: string;
  @ApiProperty({ type: String, nullable: true }) entityId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Hex SHA-256 of the previous row' }) prevHash!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Hex SHA-256 of this row’s content and prevHash' }) hash!: string | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `before` for the next page' }) nextBefore!: string | null;
}

export class AuditBrokenLinkDto {
  @ApiProperty() seq!: string;
  @ApiProperty() id!: string;
  @ApiProperty({
    enum: ['content_changed', 'link_broken', 'row_missing', 'hash_missing'],
    description: 'content_changed: the row no longer hashes to its hash; link_broken: its prevHash is not the previous row’s hash; row_missing: a row before it is gone',
  })
  reason!: string;
  @ApiProperty({ type: String, nullable: true }) storedHash!: string | null;
  @ApiProperty({ type: String, nullable: true }) expectedHash!: string | null;
}

export class AuditVerificationDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'Rows walked' }) checked!: number;
  @ApiProperty({ type: String, nullable: true }) headSeq!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Keep it elsewhere: it also proves no row was cut from the end' }) headHash!: string | null;
  @ApiProperty({ type: AuditBrokenLinkDto, nullable: true }) firstBroken!: AuditBrokenLinkDto | null;
}
