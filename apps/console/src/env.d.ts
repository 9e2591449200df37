/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue';

  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface ImportMetaEnv {
  /** Base URL of the Temporal Web UI (for "open in Temporal UI" links). */
  readonly VITE_TEMPORAL_UI_URL?: string;
}
