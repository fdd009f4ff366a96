import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.com' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'change-me-now' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

/** The signed-in user behind a token. */
export class PrincipalDto {
  @ApiProperty() userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['admin', 'manager', 'agent', 'compliance'] }) role!: 'admin' | 'manager' | 'agent' | 'compliance';
  @ApiProperty() displayName!: string;
}

export class LoginResultDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: PrincipalDto }) user!: PrincipalDto;
}
