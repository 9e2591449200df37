import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('#/views/dashboard/index.vue'),
    meta: { title: 'nav.dashboard', icon: 'DataAnalysis' },
  },
];
export default routes;
