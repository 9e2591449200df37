import type { RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (and its menu entry). */
    title?: string;
    /** Roles that may open the page; everyone signed in when absent. */
    roles?: string[];
    /** Not in the menu (detail pages). */
    hidden?: boolean;
    /** Reachable without signing in. */
    public?: boolean;
  }
}

// Each module file is one area's routes; eager glob of tiny route tables, views stay lazy.
const modules = import.meta.glob<{ default: RouteRecordRaw[] }>('./modules/*.ts', { eager: true });
const order = [
  'dashboard',
  'demand-orders',
  'projects',
  'approvals',
  'audit',
  'oversight',
  'registries',
];

/** The pages inside the signed-in layout, in menu order. */
export const appRoutes: RouteRecordRaw[] = Object.entries(modules)
  .sort(([a], [b]) => order.findIndex((o) => a.includes(o)) - order.findIndex((o) => b.includes(o)))
  .flatMap(([, m]) => m.default);

/** Where each role lands after signing in. */
export function homeFor(role: string | null): string {
  if (role === 'approver') return '/approvals';
  if (role === 'provincial_coordinator') return '/escalations';
  if (role === 'auditor') return '/audit/ledger';
  return '/dashboard';
}

export function allowed(roles: string[] | undefined, role: string | null): boolean {
  return !roles || (role !== null && roles.includes(role));
}
