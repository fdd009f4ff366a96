import { User } from './entities/user.entity';
import { Principal } from './principal';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toPrincipal(user: User): Principal {
  return { userId: user.id, email: user.email, role: user.role, displayName: user.displayName };
}

/** The public shape of a user: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: User['role'];
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    active: user.active,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
