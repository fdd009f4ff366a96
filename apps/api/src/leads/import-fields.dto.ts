import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, validateSync } from 'class-validator';
import { FieldProblem, ValidationFailedError } from '@dialer/core';
import { DNC_SCOPES, DncScope } from '@dialer/compliance';
import { LEAD_FIELDS } from '@dialer/leads';

/** The plain fields that travel with an uploaded file. */
export class ImportFieldsDto {
  @ApiPropertyOptional({ example: 'shift_jis', description: 'utf-8, utf-16le or shift_jis (cp932); detected when left out' })
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
  @IsObject({ message: 'mapping must be a JSON object of column name → field' })
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
}

function parseJsonField(fields: Record<string, string>, name: string, problems: FieldProblem[]): unknown {
  if (fields[name] === undefined) return undefined;
  try {
    return JSON.parse(fields[name]) as unknown;
  } catch {
    problems.push({ field: name, messages: [`${name} must be JSON`] });
    return undefined;
  }
}

/** Multipart fields checked like a JSON body: unknown fields refused, every problem named. */
export function parseImportFields<T extends ImportFieldsDto>(type: new () => T, fields: Record<string, string>): T {
  const problems: FieldProblem[] = [];
  const mapping = parseJsonField(fields, 'mapping', problems);
  const dto = plainToInstance(type, { ...fields, mapping });
  for (const error of validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })) {
    problems.push({ field: error.property, messages: Object.values(error.constraints ?? {}) });
  }
  if (mapping && typeof mapping === 'object' && Object.values(mapping).some((value) => typeof value !== 'string')) {
    problems.push({ field: 'mapping', messages: ['every mapping value must be a field name'] });
  }
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return dto;
}
