import Type, { type Static } from 'typebox';
import { Nullable, RegionCode, StringEnum, Uuid } from './common.js';

export const USER_ROLES = [
  'project_manager',
  'approver',
  'provincial_coordinator',
  'auditor',
  'operator',
  'admin',
] as const;
export const UserRole = StringEnum(USER_ROLES);

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

/**
 * A new password for the signed-in user. The current one is asked again, so a token left on an
 * unattended screen cannot lock its owner out; every other session ends.
 */
export const ChangePasswordRequest = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 12, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const CurrentUser = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  role: UserRole,
  /** The region the user acts for; null is national. */
  regionCode: Nullable(RegionCode),
});
export type CurrentUser = Static<typeof CurrentUser>;

/** A short-lived bearer token for the console. */
export const LoginResponse = Type.Object({
  token: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresAt: Type.String({ format: 'date-time' }),
  user: CurrentUser,
});
export type LoginResponse = Static<typeof LoginResponse>;

/** Who the caller is: a console user or an enterprise (API key). */
export const WhoAmI = Type.Union([
  Type.Object({ kind: Type.Literal('user'), user: CurrentUser }),
  Type.Object({
    kind: Type.Literal('enterprise'),
    enterpriseId: Uuid,
    enterpriseName: Type.String(),
    apiKeyPrefix: Type.String(),
  }),
]);
export type WhoAmI = Static<typeof WhoAmI>;
