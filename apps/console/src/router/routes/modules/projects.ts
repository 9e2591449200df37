import type { RouteRecordRaw } from 'vue-router';

const routes: RouteRecordRaw[] = [
  {
    path: 'projects',
    name: 'projects',
    component: () => import('#/views/projects/list/index.vue'),
    meta: { title: 'nav.projects' },
  },
  {
    path: 'projects/new',
    name: 'project-launch',
    component: () => import('#/views/projects/launch/index.vue'),
    meta: { title: 'nav.launch', roles: ['project_manager', 'admin'] },
  },
  {
    path: 'projects/:id',
    name: 'project',
    component: () => import('#/views/projects/detail/index.vue'),
    props: true,
    meta: { title: 'nav.projects', hidden: true },
  },
  {
    path: 'trainees/import',
    name: 'trainee-import',
    component: () => import('#/views/trainees/import/index.vue'),
    meta: { title: 'nav.import', roles: ['project_manager', 'admin'] },
  },
];
export default routes;
