import type { RouteRecordRaw } from 'vue-router';

/** The registries (issue 11): everyone signed in but approvers reads them; actions by role. */
const readers = ['project_manager', 'provincial_coordinator', 'auditor', 'operator', 'admin'];
const routes: RouteRecordRaw[] = [
  {
    path: 'registries/providers',
    name: 'registry-providers',
    component: () => import('#/views/registries/providers/index.vue'),
    meta: { title: 'registries.nav.providers', roles: readers },
  },
  {
    path: 'registries/evaluation-bodies',
    name: 'registry-evaluation-bodies',
    component: () => import('#/views/registries/evaluation-bodies/index.vue'),
    meta: { title: 'registries.nav.evaluationBodies', roles: readers },
  },
  {
    path: 'registries/catalogues',
    name: 'registry-catalogues',
    component: () => import('#/views/registries/catalogues/index.vue'),
    meta: { title: 'registries.nav.catalogues', roles: readers },
  },
  {
    path: 'registries/occupations',
    name: 'registry-occupations',
    component: () => import('#/views/registries/occupations/index.vue'),
    meta: { title: 'registries.nav.occupations', roles: readers },
  },
  {
    path: 'registries/regions',
    name: 'registry-regions',
    component: () => import('#/views/registries/regions/index.vue'),
    meta: { title: 'registries.nav.regions', roles: readers },
  },
];
export default routes;
