export { User, ROLES, Role } from './entities/user.entity';
export { AuthModule } from './auth.module';
export { AuthService, LoginResult } from './auth.service';
export { UsersService, NewUser, UserChanges, endsSessions } from './users.service';
export { Principal, AccessTokenClaims } from './principal';
export { UserView, toUserView } from './user-presenter';
export { PasswordHasher } from './password-hasher';
export {
  InvalidCredentialsError,
  InvalidTokenError,
  TooManyLoginFailuresError,
  EmailTakenError,
  LastAdminError,
} from './auth.errors';
