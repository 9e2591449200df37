import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { login as apiLogin } from '#/api/auth';
import type { CurrentUser, UserRole } from '#/api/types';

const STORAGE_KEY = 'qc.session';

interface Session {
  token: string;
  expiresAt: string;
  user: CurrentUser;
}

function readSession(): Session | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return new Date(session.expiresAt).getTime() > Date.now() ? session : null;
  } catch {
    return null;
  }
}

/** The signed-in user and their bearer token (kept per browser tab, in sessionStorage). */
export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(readSession());

  const user = computed(() => session.value?.user ?? null);
  const token = computed(() => session.value?.token ?? null);
  const isAuthenticated = computed(() => session.value !== null);
  const role = computed<UserRole | null>(() => session.value?.user.role ?? null);
  /** The user's region; null for national roles. */
  const regionCode = computed(() => session.value?.user.regionCode ?? null);

  function hasRole(...roles: UserRole[]): boolean {
    return role.value !== null && roles.includes(role.value);
  }

  async function login(username: string, password: string): Promise<CurrentUser> {
    const response = await apiLogin(username, password);
    session.value = { token: response.token, expiresAt: response.expiresAt, user: response.user };
    globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify(session.value));
    return response.user;
  }

  function logout(): void {
    session.value = null;
    globalThis.sessionStorage?.removeItem(STORAGE_KEY);
  }

  return { session, user, token, isAuthenticated, role, regionCode, hasRole, login, logout };
});
