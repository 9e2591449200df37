import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: 'approvals',
    name: 'approvals',
    component: () => import('#/views/approvals/inbox/index.vue'),
    meta: { title: 'nav.approvals', roles: ['approver', 'admin', 'operator'] },
  },
];
export default routes;
