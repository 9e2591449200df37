import { onBeforeUnmount, ref } from 'vue';

/** The width below which the console lays out for a phone (the sidebar folds at the same). */
export const NARROW_QUERY = '(max-width: 768px)';

/** True on a phone-sized window, following rotations and resizes: forms put labels on top. */
export function useNarrow() {
  const query = globalThis.matchMedia?.(NARROW_QUERY);
  const narrow = ref(query?.matches ?? false);
  const follow = (e: MediaQueryListEvent) => {
    narrow.value = e.matches;
  };
  query?.addEventListener?.('change', follow);
  onBeforeUnmount(() => query?.removeEventListener?.('change', follow));
  return narrow;
}
