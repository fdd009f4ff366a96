import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { Allow, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, validateSync } from 'class-validator';
import { FieldProblem, ValidationFailedError } from '@dialer/core';
import { DNC_SCOPES, DncScope } from '@dialer/compliance';
import { LEAD_FIELDS } from '@dialer/leads';
import { textProblem } from '../http/hostile-input';

/** The plain fields that travel with an uploaded file. */
export class ImportFieldsDto {
  @ApiPropertyOptional({ example: 'shift_jis', description: 'utf-8, utf-16le, utf-16be or shift_jis (cp932); detected when left out' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  encoding?: string;

  @ApiPropertyOptional({
    type: 'string',
    example: '{"電話番号":"phone","携帯電話":"phone2","氏名":"fullName"}',
    description: `JSON object: column name → field (${LEAD_FIELDS.join(', ')}). Replaces the suggested mapping; other columns become custom fields.`,
  })
  @IsOptional()
  // Checked by parseImportFields (mappingOf): its keys are column names, anything at all.
  @Allow()
  mapping?: Record<string, string>;
}

export class DncImportFieldsDto extends ImportFieldsDto {
  @ApiProperty({ example: 'US', description: 'The country of numbers written in national format' })
  @IsString()
  @Length(2, 2)
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be a two-letter country code' })
  country!: string;

  @ApiPropertyOptional({ enum: DNC_SCOPES, default: 'global' })
  @IsOptional()
  @IsIn(DNC_SCOPES)
  scope?: DncScope;

  @ApiPropertyOptional({ description: 'The campaign, when scope is campaign' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ description: 'The product, when scope is product (a JP refusal bars every campaign selling it)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  product?: string;

  @ApiPropertyOptional({ enum: ['import', 'registry'], default: 'import', description: 'registry for a national registry extract' })
  @IsOptional()
  @IsIn(['import', 'registry'])
  source?: 'import' | 'registry';

  @ApiPropertyOptional({ example: '2026-12-01', description: 'A registry extract: the date of the registry copy (campaign readiness warns past 31 days)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'registryDate must be a date, YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'registryDate must be a date, YYYY-MM-DD' })
  registryDate?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the loaded entries stop blocking (a registry extract lapses with the next one)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt?: string;
}

export class ConsentImportFieldsDto extends ImportFieldsDto {
  @ApiProperty({ example: 'US', description: 'The country of numbers written in national format' })
  @IsString()
  @Length(2, 2)
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be a two-letter country code' })
  country!: string;

  @ApiPropertyOptional({ description: 'The campaign the consents are for; omitted: every campaign' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;
}

function parseJsonField(fields: Record<string, string>, name: string, problems: FieldProblem[]): unknown {
  if (!Object.hasOwn(fields, name)) return undefined;
  try {
    return JSON.parse(fields[name]) as unknown;
  } catch {
    problems.push({ field: name, messages: [`${name} must be JSON`] });
    return undefined;
  }
}

/**
 * The mapping as sent: a JSON object of column name → field name, copied into
 * a null-prototype object — column names are the file's, so `constructor` or
 * `__proto__` are names like any other, never Object.prototype's members.
 * class-transformer is kept away from it: it reads such keys as the class's own.
 */
function mappingOf(value: unknown, problems: FieldProblem[]): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ field: 'mapping', messages: ['mapping must be a JSON object of column name → field'] });
    return undefined;
  }
  const mapping: Record<string, string> = Object.create(null) as Record<string, string>;
  const notFields: string[] = [];
  const notText = new Set<string>();
  for (const [column, field] of Object.entries(value)) {
    // The text check JSON bodies get (hostileFields), keys included; not its inherited-name one: a column may be called `constructor`.
    for (const text of [column, field]) {
      const problem = typeof text === 'string' ? textProblem(text) : null;
      if (problem) notText.add(`mapping keys and values ${problem}`);
    }
    if (typeof field === 'string') mapping[column] = field;
    else notFields.push(JSON.stringify(column));
  }
  if (notText.size > 0) problems.push({ field: 'mapping', messages: [...notText] });
  if (notFields.length > 0) problems.push({ field: 'mapping', messages: [`every mapping value must be a field name (not so for ${notFields.join(', ')})`] });
  return mapping;
}

/** Multipart fields checked like a JSON body: unknown fields refused, every problem named. */
export function parseImportFields<T extends ImportFieldsDto>(type: new () => T, fields: Record<string, string>): T {
  const problems: FieldProblem[] = [];
  const mapping = mappingOf(parseJsonField(fields, 'mapping', problems), problems);
  const plain: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(fields)) {
    // class-transformer would take these for the class's own members, and the whitelist would miss them.
    if (name in Object.prototype) problems.push({ field: name, messages: [`property ${name} should not exist`] });
    else if (name !== 'mapping') plain[name] = value;
  }
  const dto = plainToInstance(type, plain);
  for (const error of validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })) {
    problems.push({ field: error.property, messages: Object.values(error.constraints ?? {}) });
  }
  if (problems.length > 0) throw new ValidationFailedError(problems);
  if (mapping) dto.mapping = mapping;
  return dto;
}
