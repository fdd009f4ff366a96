import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CallDispositionDto {
  @ApiProperty({ example: 'PROMISE_TO_PAY' }) @Matches(/^[A-Z][A-Z0-9_]{0,39}$/, { message: 'code is one of the campaign’s disposition codes' }) code!: string;

  @ApiPropertyOptional({
    description: 'Details for the campaign kind: {amount, currency, date} for PROMISE_TO_PAY, {reason} for DISPUTE, {answers: {questionId: answer}} for surveys…',
    example: { amount: 12500, currency: 'USD', date: '2026-12-01' },
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
}
