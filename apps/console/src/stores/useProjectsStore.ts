import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { listProjects } from '#/api/projects';
import type { Project, ProjectListQuery } from '#/api/types';
import { messageOf } from '#/composables/useAsync';

export interface ProjectFilters {
  q: string;
  stage: string;
  sector: string;
  type: string;
  regionCode: string;
  demandOrderId: string;
}

const emptyFilters = (): ProjectFilters => ({
  q: '',
  stage: '',
  sector: '',
  type: '',
  regionCode: '',
  demandOrderId: '',
});

/** Turns the form's filters into the API query: empty fields are left out. */
export function toQuery(filters: ProjectFilters, page: number, pageSize: number): ProjectListQuery {
  const query: Record<string, string | number> = { page, pageSize, sort: '-createdAt' };
  for (const [key, value] of Object.entries(filters)) if (value) query[key] = value;
  return query as ProjectListQuery;
}

/** The projects list: filters, page, and the rows of the current page. */
export const useProjectsStore = defineStore('projects', () => {
  const filters = reactive<ProjectFilters>(emptyFilters());
  const page = ref(1);
  const pageSize = ref(20);
  const items = ref<Project[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let ticket = 0;

  async function fetch() {
    const mine = ++ticket;
    loading.value = true;
    error.value = null;
    try {
      const result = await listProjects(toQuery(filters, page.value, pageSize.value));
      if (mine !== ticket) return;
      items.value = result.items;
      total.value = result.total;
    } catch (e) {
      if (mine === ticket) error.value = messageOf(e);
    } finally {
      if (mine === ticket) loading.value = false;
    }
  }

  /** New filters start again at page 1. */
  function search() {
    page.value = 1;
    return fetch();
  }
  function reset() {
    Object.assign(filters, emptyFilters());
    return search();
  }
  function goTo(next: number) {
    page.value = next;
    return fetch();
  }

  return { filters, page, pageSize, items, total, loading, error, fetch, search, reset, goTo };
});
