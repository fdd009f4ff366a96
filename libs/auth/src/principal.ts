import { Role } from './entities/user.entity';

/** The signed-in user behind a request, as the guards and controllers see them. */
export interface Principal {
  userId: string;
  email: string;
  role: Role;
  displayName: string;
}

export interface AccessTokenClaims {
  sub: string;
  email: string;
  role: Role;
  /** The account's session version when the token was issued (absent: 0, from before versions). */
  sv?: number;
}
