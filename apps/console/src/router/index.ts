import { createRouter, createWebHistory } from 'vue-router';

/** Routes are lazy-loaded: each view is its own chunk. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [{ path: '/', name: 'status', component: () => import('../views/StatusView.vue') }],
});
