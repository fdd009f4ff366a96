import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@dialer/audit';
import { toUserView, UsersService, UserView } from '@dialer/auth';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { UuidParam } from '../http/uuid-param';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserViewDto } from './user.dto';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users, optionally by role and active flag' })
  @ApiOkResponse({ type: [UserViewDto] })
  async list(@Query() query: ListUsersQuery): Promise<UserView[]> {
    return (await this.users.list(query)).map(toUserView);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user with a role' })
  @ApiCreatedResponse({ type: UserViewDto })
  async create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor): Promise<UserView> {
    return toUserView(await this.users.create(body, actor));
  }

  @Get(':id')
  @ApiOkResponse({ type: UserViewDto })
  async get(@UuidParam() id: string): Promise<UserView> {
    return toUserView(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename, change role, reset password, or (de)activate' })
  @ApiOkResponse({ type: UserViewDto })
  async update(
    @UuidParam() id: string,
    @Body() body: UpdateUserDto,
    @CurrentActor() actor: Actor,
  ): Promise<UserView> {
    return toUserView(await this.users.update(id, body, actor));
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a user (history keeps referring to them)' })
  @ApiOkResponse({ type: UserViewDto })
  async deactivate(@UuidParam() id: string, @CurrentActor() actor: Actor): Promise<UserView> {
    return toUserView(await this.users.update(id, { active: false }, actor));
  }
}
