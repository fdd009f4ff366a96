import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

/** JP (特定商取引法 Art. 16): what the agent confirmed saying at the start of the call, and when. */
export class DisclosureDto {
  @ApiProperty({ type: [String], example: ['seller', 'caller', 'product', 'purpose'] })
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(['seller', 'caller', 'product', 'purpose'], { each: true })
  items!: string[];

  @ApiProperty({ format: 'date-time', description: 'When the agent ticked the last item' }) @IsISO8601({ strict: true }) confirmedAt!: string;
}

export class CallDispositionDto {
  @ApiProperty({ example: 'PROMISE_TO_PAY' }) @Matches(/^[A-Z][A-Z0-9_]{0,39}$/, { message: 'code is one of the campaign’s disposition codes' }) code!: string;

  @ApiPropertyOptional({
    description: 'Details for the campaign kind: {amount, currency, date} for PROMISE_TO_PAY, {reason} for DISPUTE, {answers: {questionId: answer}} for surveys…',
    example: { amount: 12500, currency: 'USD', date: '2026-12-01' },
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'For callback codes: the callee’s local date and time', example: '2026-11-24T18:30' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'callbackAt is the callee’s local YYYY-MM-DDTHH:mm' })
  callbackAt?: string;

  @ApiPropertyOptional({ description: 'Only the agent who took the call gets the callback' }) @IsOptional() @IsBoolean() personalCallback?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) notes?: string;

  @ApiPropertyOptional({ type: DisclosureDto, description: 'JP: the identity disclosure the agent confirmed; kept with the attempt as evidence' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DisclosureDto)
  disclosure?: DisclosureDto;
}
