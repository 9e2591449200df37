import { onBeforeUnmount, ref } from 'vue';

/** The current time, ticking every `intervalMs` (countdowns). */
export function useNow(intervalMs = 1000) {
  const now = ref(Date.now());
  const timer = setInterval(() => {
    now.value = Date.now();
  }, intervalMs);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
