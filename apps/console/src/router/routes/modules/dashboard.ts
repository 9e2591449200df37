import type { RouteRecordRaw } from 'vue-router';
import { prefetchDispatchReport } from '#/api/oversight';
import { shanghaiDate } from '#/utils/format';

const routes: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('#/views/dashboard/index.vue'),
    meta: { title: 'nav.dashboard', icon: 'DataAnalysis' },
    // The report is asked for while the page's code loads (the store takes it), not after.
    beforeEnter: () => {
      prefetchDispatchReport(shanghaiDate());
    },
  },
];
export default routes;
