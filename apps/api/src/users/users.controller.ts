import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PinoLogger } from 'nestjs-pino';
import { Actor } from '@dialer/audit';
import { endsSessions, toUserView, UserChanges, UsersService, UserView } from '@dialer/auth';
import { SignInRechecks } from '@dialer/agents';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { UuidParam } from '../http/uuid-param';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserViewDto } from './user.dto';

/**
 * Whether a change must reach the account's open sockets at once: it signs
 * them out (a deactivation, a password reset), or gives the user a role that
 * may no longer hold them (a manager made an agent loses the wallboard, an
 * agent made a manager the desk).
 */
const reachesOpenSockets = (changes: UserChanges): boolean => endsSessions(changes) || changes.role !== undefined;

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly signInRechecks: SignInRechecks,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(UsersController.name);
  }

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
    return this.change(id, body, actor);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a user (history keeps referring to them)' })
  @ApiOkResponse({ type: UserViewDto })
  async deactivate(@UuidParam() id: string, @CurrentActor() actor: Actor): Promise<UserView> {
    return this.change(id, { active: false }, actor);
  }

  /**
   * The change saved; the account's desks and wallboards are checked at once
   * rather than at their next check (a minute), on every api process: those
   * it signs out, or whose channel the new role may not use, are told why and
   * closed.
   */
  private async change(id: string, changes: UserChanges, actor: Actor): Promise<UserView> {
    const user = await this.users.update(id, changes, actor);
    if (reachesOpenSockets(changes)) {
      await this.signInRechecks
        .request(id)
        .catch((error: Error) => this.logger.warn({ err: error, userId: id }, 'could not check the open sockets now; their next check will'));
    }
    return toUserView(user);
  }
}
