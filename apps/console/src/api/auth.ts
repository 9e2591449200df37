import { client, QUIET, unwrap } from './client';
import type { LoginResponse } from './types';

/** Signs in; a wrong password is a 401 the login form shows itself. */
export async function login(username: string, password: string): Promise<LoginResponse> {
  return unwrap(
    await client.POST('/api/v1/auth/login', { body: { username, password }, headers: QUIET }),
  );
}
