import { SetMetadata } from '@nestjs/common';
import { ROLES, Role } from '@dialer/auth';

export const ACCESS_POLICY = 'dialer:access-policy';

export type AccessPolicy = { public: true } | { public: false; roles: readonly Role[] };

/** The roles allowed on a route or a whole controller. Every route declares its roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_POLICY, { public: false, roles } satisfies AccessPolicy);

/** Any signed-in user. */
export const AnyRole = () => Roles(...ROLES);

/** No sign-in: health checks, sign-in itself, Twilio webhooks (which check their own signature). */
export const Public = () => SetMetadata(ACCESS_POLICY, { public: true } satisfies AccessPolicy);
