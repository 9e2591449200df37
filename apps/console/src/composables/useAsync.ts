import { type Ref, ref, shallowRef } from 'vue';
import { apiErrorText } from '#/utils/api-errors';

export interface AsyncState<T> {
  data: Ref<T | null>;
  loading: Ref<boolean>;
  error: Ref<string | null>;
  run: () => Promise<void>;
}

/** Loading, error and data of one call, so every page shows the same three states. */
export function useAsync<T>(load: () => Promise<T>, options: { immediate?: boolean } = {}) {
  const data = shallowRef<T | null>(null) as Ref<T | null>;
  const loading = ref(false);
  const error = ref<string | null>(null);
  let ticket = 0;
  async function run() {
    const mine = ++ticket;
    loading.value = true;
    error.value = null;
    try {
      const value = await load();
      if (mine === ticket) data.value = value;
    } catch (e) {
      if (mine === ticket) error.value = messageOf(e);
    } finally {
      if (mine === ticket) loading.value = false;
    }
  }
  if (options.immediate !== false) void run();
  return { data, loading, error, run } satisfies AsyncState<T>;
}

/** A failure as people read it: the API's problem by its code, localized (never its English). */
export function messageOf(e: unknown): string {
  return apiErrorText(e);
}
