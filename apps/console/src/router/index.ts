import { createRouter, createWebHistory } from 'vue-router';
import { i18n } from '#/locales';
import { useAuthStore } from '#/stores/useAuthStore';
import { allowed, appRoutes, homeFor } from './routes';

/** Routes are lazy-loaded: each view is its own chunk. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    {
      path: '/login',
      name: 'login',
      component: () => import('#/views/LoginView.vue'),
      meta: { public: true, title: 'login.title' },
    },
    {
      path: '/',
      component: () => import('#/layouts/BasicLayout.vue'),
      children: [
        {
          path: '',
          name: 'home',
          redirect: () => homeFor(useAuthStore().role),
        },
        ...appRoutes,
        {
          path: ':pathMatch(.*)*',
          name: 'not-found',
          component: () => import('#/views/NotFoundView.vue'),
          meta: { hidden: true },
        },
      ],
    },
  ],
});

// A title per page: the page's own, then the product's.
router.afterEach((to) => {
  const t = i18n.global.t;
  const title = to.meta.title
    ? t(to.meta.title)
    : to.name === 'not-found'
      ? t('notFound.title')
      : '';
  document.title = title ? `${title} · ${t('app.short')}` : t('app.title');
});

router.beforeEach((to) => {
  const auth = useAuthStore();
  if (to.meta.public) return true;
  if (!auth.isAuthenticated) return { name: 'login', query: { redirect: to.fullPath } };
  if (!allowed(to.meta.roles, auth.role)) return homeFor(auth.role);
  return true;
});
