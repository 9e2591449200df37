import type { RouteRecordRaw } from 'vue-router';

const roles = ['auditor', 'admin', 'operator'];
const routes: RouteRecordRaw[] = [
  {
    path: 'audit/ledger',
    name: 'ledger',
    component: () => import('#/views/audit/ledger/index.vue'),
    meta: { title: 'nav.ledger', roles },
  },
  {
    path: 'audit/fraud',
    name: 'fraud',
    component: () => import('#/views/audit/fraud/index.vue'),
    meta: { title: 'nav.fraud', roles: ['auditor', 'admin'] },
  },
  {
    path: 'audit/log',
    name: 'audit-log',
    component: () => import('#/views/audit/log/index.vue'),
    meta: { title: 'nav.auditLog', roles },
  },
  {
    path: 'status',
    name: 'status',
    component: () => import('#/views/StatusView.vue'),
    meta: { title: 'nav.status' },
  },
];
export default routes;
