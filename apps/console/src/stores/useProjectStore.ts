import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { followProjectStages, type StageEvent, type StateEvent } from '#/api/events';
import { getProject } from '#/api/projects';
import type { LiveProjectState, ProjectDetail } from '#/api/types';
import { apiErrorText } from '#/utils/api-errors';
import { useAuthStore } from './useAuthStore';

/** What of the live state the cost-sharing records follow: the round and each party's status. */
const decisionsOf = (live: LiveProjectState) =>
  `${live.round}:${live.parties.map((p) => `${p.regionCode}=${p.status}`).join(',')}`;

/**
 * True when the records show each party's live decision. The workflow decides a share at once
 * and records it by an activity after (so a second decision is refused meanwhile): for a moment
 * the live state is ahead of the records a page shows.
 */
const recordsShow = (value: ProjectDetail) => {
  const live = value.live;
  if (!live) return true;
  const round = value.costSharing.rounds.find((r) => r.round === live.round);
  return live.parties.every(
    (p) => round?.parties.find((x) => x.regionCode === p.regionCode)?.status === p.status,
  );
};
/** How often and how long a page waits for the records to catch up with a live decision. */
const CATCH_UP_MS = 500;
const CATCH_UP_ATTEMPTS = 20;

export type StreamStatus = 'idle' | 'connecting' | 'open' | 'closed' | 'error';

/**
 * One project's page: its records, the workflow's live state, and the stage stream (SSE) that
 * keeps them current without a reload.
 */
export const useProjectStore = defineStore('project', () => {
  const id = ref<string | null>(null);
  const detail = ref<ProjectDetail | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const streamStatus = ref<StreamStatus>('idle');
  const stageHistory = ref<StageEvent[]>([]);
  let stop: (() => void) | null = null;
  let ticket = 0;

  const stage = computed(() => detail.value?.live?.stage ?? detail.value?.project.stage ?? null);

  /**
   * Fetches the project. While its records lag behind a live decision, fetches again in the
   * background (every CATCH_UP_MS, at most CATCH_UP_ATTEMPTS times) unless a newer load starts.
   */
  async function load(projectId = id.value) {
    if (!projectId) return;
    const mine = ++ticket;
    loading.value = true;
    error.value = null;
    try {
      const value = await getProject(projectId);
      if (mine !== ticket || id.value !== projectId) return;
      detail.value = value;
      if (!recordsShow(value)) void catchUp(mine, projectId);
    } catch (e) {
      if (mine === ticket) error.value = apiErrorText(e);
    } finally {
      if (mine === ticket) loading.value = false;
    }
  }

  async function catchUp(mine: number, projectId: string) {
    for (let attempt = 1; attempt <= CATCH_UP_ATTEMPTS; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_MS));
      if (mine !== ticket || id.value !== projectId) return;
      try {
        const value = await getProject(projectId);
        if (mine !== ticket || id.value !== projectId) return;
        detail.value = value;
        if (recordsShow(value)) return;
      } catch {
        // The page keeps what it shows; the next live change loads again.
      }
    }
  }

  /** A stage event: take the new stage at once, then fetch the records behind it. */
  function applyStage(event: StageEvent) {
    if (event.projectId !== id.value) return;
    const last = stageHistory.value.at(-1);
    if (!last || last.stage !== event.stage) stageHistory.value.push(event);
    const current = detail.value;
    if (current && current.project.stage !== event.stage) {
      detail.value = {
        ...current,
        project: { ...current.project, stage: event.stage as ProjectDetail['project']['stage'] },
        live: current.live
          ? { ...current.live, stage: event.stage as NonNullable<ProjectDetail['live']>['stage'] }
          : null,
      };
      void load();
    }
  }

  /** Bumped on every live change, so panels (the roster) refresh with it. */
  const revision = ref(0);

  /** A state event: the live state replaces the one shown (parties, pending steps, counts). */
  function applyState(event: StateEvent) {
    if (event.projectId !== id.value || !detail.value) return;
    const live = event.live as LiveProjectState;
    const before = detail.value.live;
    detail.value = { ...detail.value, live, liveError: null };
    revision.value += 1;
    // A party decided or a new round opened: the rounds' records (PostgreSQL) changed too.
    if (before && before.stage === live.stage && decisionsOf(before) !== decisionsOf(live))
      void load();
  }

  async function open(projectId: string) {
    close();
    id.value = projectId;
    detail.value = null;
    stageHistory.value = [];
    await load(projectId);
    // No stream for a project that failed to load (not found, not visible, offline).
    if (!detail.value || id.value !== projectId) return;
    const auth = useAuthStore();
    stop = followProjectStages(projectId, {
      token: () => auth.token,
      onStage: applyStage,
      onState: applyState,
      onStatus: (s) => {
        streamStatus.value = s;
      },
    });
  }

  function close() {
    stop?.();
    stop = null;
    streamStatus.value = 'idle';
  }

  return {
    id,
    detail,
    loading,
    error,
    stage,
    streamStatus,
    stageHistory,
    open,
    close,
    load,
    applyStage,
    applyState,
    revision,
  };
});
