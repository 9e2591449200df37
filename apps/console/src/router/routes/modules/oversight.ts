import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: 'escalations',
    name: 'escalations',
    component: () => import('#/views/escalations/index.vue'),
    meta: { title: 'oversight.nav.escalations', roles: ['provincial_coordinator', 'admin'] },
  },
  {
    path: 'targets',
    name: 'targets',
    component: () => import('#/views/targets/index.vue'),
    meta: { title: 'oversight.nav.targets', roles: ['provincial_coordinator', 'admin'] },
  },
  {
    path: 'admin/users',
    name: 'admin-users',
    component: () => import('#/views/admin/users/index.vue'),
    meta: { title: 'oversight.nav.users', roles: ['admin'] },
  },
];
export default routes;
