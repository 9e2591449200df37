import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: 'demand-orders',
    name: 'demand-orders',
    component: () => import('#/views/demand-orders/list/index.vue'),
    meta: { title: 'nav.demandOrders', roles: ['project_manager', 'admin', 'operator', 'auditor'] },
  },
  {
    path: 'demand-orders/:id',
    name: 'demand-order',
    component: () => import('#/views/demand-orders/detail/index.vue'),
    props: true,
    meta: { title: 'nav.demandOrders', hidden: true },
  },
];
export default routes;
