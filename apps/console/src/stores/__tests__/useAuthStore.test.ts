import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../useAuthStore';

vi.mock('#/api/auth', () => ({
  login: vi.fn(async () => ({
    token: 'jwt',
    tokenType: 'Bearer',
    expiresAt: new Date(Date.now() + 900_000).toISOString(),
    user: {
      id: 'u1',
      username: 'approver.bijie',
      displayName: '毕节审批人',
      role: 'approver',
      regionCode: '520500',
    },
  })),
}));

describe('useAuthStore', () => {
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
  });

  it('signs in, keeps the session for the tab, and knows the role and region', async () => {
    const auth = useAuthStore();
    await auth.login('approver.bijie', 'x');
    expect(auth.token).toBe('jwt');
    expect(auth.hasRole('approver')).toBe(true);
    expect(auth.hasRole('project_manager', 'admin')).toBe(false);
    expect(auth.regionCode).toBe('520500');
    setActivePinia(createPinia());
    expect(useAuthStore().isAuthenticated).toBe(true);
  });

  it('forgets the session on logout, and an expired one on load', async () => {
    const auth = useAuthStore();
    await auth.login('approver.bijie', 'x');
    auth.logout();
    expect(auth.isAuthenticated).toBe(false);
    expect(sessionStorage.getItem('qc.session')).toBeNull();
    sessionStorage.setItem(
      'qc.session',
      JSON.stringify({ token: 'old', expiresAt: '2000-01-01T00:00:00Z', user: {} }),
    );
    setActivePinia(createPinia());
    expect(useAuthStore().isAuthenticated).toBe(false);
  });
});
