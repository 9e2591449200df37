import { ref, watch } from 'vue';

/**
 * False until what `ready` waits for has been painted once: what is below the fold (charts, long
 * tables) renders in a second pass, so the first one — what people look at first — is cheap.
 */
export function useAfterPaint(ready: () => boolean) {
  const painted = ref(false);
  const stop = watch(
    ready,
    (now) => {
      if (!now) return;
      // After the render (flush: post), a frame, then a task: the frame's paint comes between.
      requestAnimationFrame(() => {
        setTimeout(() => {
          painted.value = true;
        });
      });
      queueMicrotask(() => stop());
    },
    { immediate: true, flush: 'post' },
  );
  return painted;
}
