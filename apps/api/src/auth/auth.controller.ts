import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthService, LoginResult, Principal } from '@dialer/auth';
import { AnyRole, Public } from '../access/access.decorators';
import { LoginDto, LoginResultDto, PrincipalDto } from './login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResultDto })
  @ApiOperation({ summary: 'Sign in; returns a bearer token and its expiry' })
  login(@Body() body: LoginDto, @Req() request: Request & { id?: string }): Promise<LoginResult> {
    return this.auth.login(body.email, body.password, request.ip ?? 'unknown', request.id ? String(request.id) : undefined);
  }

  @Get('me')
  @AnyRole()
  @ApiBearerAuth()
  @ApiOkResponse({ type: PrincipalDto })
  @ApiOperation({ summary: 'The signed-in user' })
  me(@Req() request: Request): Principal | undefined {
    return request.principal;
  }
}
