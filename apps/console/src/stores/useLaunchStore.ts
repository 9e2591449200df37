import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, type FieldProblems, fieldProblems } from '#/api/problem';
import { createProject, getProject, launchProject, setParties } from '#/api/projects';
import type { LaunchResponse, Project, ProjectDetail } from '#/api/types';
import { messageOf } from '#/composables/useAsync';
import { i18n } from '#/locales';
import {
  draftTimings,
  emptyDraft,
  type LaunchDraft,
  partiesInput,
  stepOf,
  toProjectCreate,
  validateAll,
  validateStep,
} from '#/views/projects/launch/validation';
import { useAuthStore } from './useAuthStore';

export type LaunchPhase = 'editing' | 'creating' | 'launching' | 'launched' | 'failed';

/**
 * The launch wizard: the draft, the step, the field problems (the domain's plan rules and the
 * API's 422, both by code) and the launch itself.
 */
export const useLaunchStore = defineStore('launch', () => {
  const draft = ref<LaunchDraft>(emptyDraft());
  const step = ref(0);
  const errors = ref<FieldProblems>({});
  /** The parties as the created draft holds them, so a retry sends only a change (PUT /parties). */
  let sentParties: string | null = null;
  const phase = ref<LaunchPhase>('editing');
  const failure = ref<string | null>(null);
  const created = ref<Project | null>(null);
  const launched = ref<LaunchResponse | null>(null);

  const auth = useAuthStore();
  const ctx = computed(() => ({
    national: auth.regionCode === null,
    ownerRegionCode: auth.regionCode ?? draft.value.ownerRegionCode,
  }));

  const ownerRegionCode = computed(() => ctx.value.ownerRegionCode);

  function check(index = step.value): boolean {
    const found = validateStep(index, draft.value, ctx.value);
    // Keep other steps' errors (an API error may point back to them).
    const kept = Object.fromEntries(
      Object.entries(errors.value).filter(([p]) => stepOf(p) !== index),
    );
    errors.value = { ...kept, ...found };
    return Object.keys(found).length === 0;
  }

  function next(): boolean {
    if (!check()) return false;
    step.value += 1;
    return true;
  }
  function prev() {
    if (step.value > 0) step.value -= 1;
  }
  function goTo(index: number) {
    step.value = index;
  }

  /** Creates the project with its plans, then launches its workflow. */
  async function submit(): Promise<boolean> {
    const all = validateAll(draft.value, ctx.value);
    if (Object.keys(all).length > 0) {
      errors.value = all;
      step.value = Math.min(...Object.keys(all).map(stepOf));
      return false;
    }
    errors.value = {};
    failure.value = null;
    try {
      const owner = ctx.value.ownerRegionCode;
      const parties = JSON.stringify(partiesInput(draft.value, owner));
      if (!created.value) {
        phase.value = 'creating';
        created.value = await createProject(toProjectCreate(draft.value, owner));
        sentParties = parties;
      } else if (parties !== sentParties) {
        // The draft exists (its launch failed) and the parties were edited since: replace them.
        phase.value = 'creating';
        await setParties(created.value.id, { parties: partiesInput(draft.value, owner) });
        sentParties = parties;
      }
      phase.value = 'launching';
      launched.value = await launchProject(created.value.id, draftTimings(draft.value));
      phase.value = 'launched';
      return true;
    } catch (e) {
      phase.value = 'failed';
      if (e instanceof ApiError) {
        const fields = fieldProblems(e.problem);
        if (Object.keys(fields).length > 0) {
          errors.value = fields;
          step.value = Math.min(...Object.keys(fields).map(stepOf));
          failure.value = i18n.global.t('wizard.fixFields');
          return false;
        }
      }
      failure.value = messageOf(e);
      return false;
    }
  }

  /**
   * Continues a saved draft (a project not yet launched): its plan fills the wizard and launching
   * sends only what changed (the project exists, so nothing is created twice).
   */
  function resumeFrom(detail: ProjectDetail) {
    reset();
    const p = detail.project;
    const parties = detail.costSharing.rounds.at(-1)?.parties ?? [];
    draft.value = {
      ...emptyDraft(),
      name: p.name,
      type: p.type as LaunchDraft['type'],
      sector: p.sector,
      ownerRegionCode: p.ownerRegionCode,
      trainingRegionCode: p.trainingRegionCode,
      targetLevel: p.targetLevel,
      plannedHeadcount: p.plannedHeadcount,
      occupationCodes: [...p.occupationCodes],
      demandOrders: p.demandOrders.map((o) => ({ ...o })),
      providerId: p.providerId,
      evaluationBodyId: p.evaluationBodyId,
      modules: detail.coursePlan.map((m) => ({
        title: m.title,
        theoryHours: m.theoryHours,
        practiceHours: m.practiceHours,
        mode: m.mode as LaunchDraft['modules'][number]['mode'],
      })),
      parties: parties.map((x) => ({
        regionCode: x.regionCode,
        role: x.role as LaunchDraft['parties'][number]['role'],
        sharePct: x.shareBp / 100,
        funding: x.funding.map((l) => ({
          source: l.source as LaunchDraft['parties'][number]['funding'][number]['source'],
          sharePct: l.shareBp / 100,
        })),
      })),
      attendanceThresholdPct: p.attendanceThresholdBp / 100,
      employmentLinked: p.employmentLinked,
    };
    created.value = p as Project;
    sentParties = JSON.stringify(partiesInput(draft.value, p.ownerRegionCode));
  }

  /** Loads a draft by id and continues it (see resumeFrom). */
  async function resume(id: string) {
    resumeFrom(await getProject(id));
  }

  function reset() {
    draft.value = emptyDraft();
    step.value = 0;
    errors.value = {};
    phase.value = 'editing';
    failure.value = null;
    created.value = null;
    launched.value = null;
    sentParties = null;
  }

  return {
    draft,
    ownerRegionCode,
    step,
    errors,
    phase,
    failure,
    created,
    launched,
    check,
    next,
    prev,
    goTo,
    submit,
    reset,
    resume,
    resumeFrom,
  };
});
