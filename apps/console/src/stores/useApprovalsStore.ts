import { defineStore } from 'pinia';
import { ref } from 'vue';
import { approvalInbox } from '#/api/oversight';
import { decideShare } from '#/api/projects';
import type { ApprovalInboxItem } from '#/api/types';
import { messageOf } from '#/composables/useAsync';

export interface Decided {
  item: ApprovalInboxItem;
  decision: 'approve' | 'reject';
  status: string;
  roundComplete: boolean;
  at: number;
}

/** The partner-region approver's inbox: pending shares, and the decisions just taken. */
export const useApprovalsStore = defineStore('approvals', () => {
  const items = ref<ApprovalInboxItem[]>([]);
  const decided = ref<Decided[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const busy = ref<Record<string, boolean>>({});

  async function fetch(regionCode?: string) {
    loading.value = true;
    error.value = null;
    try {
      items.value = (await approvalInbox(regionCode)).sort((a, b) =>
        a.deadline.localeCompare(b.deadline),
      );
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      loading.value = false;
    }
  }

  /** Decides one share; on success it leaves the inbox and the result shows at once. */
  async function decide(item: ApprovalInboxItem, decision: 'approve' | 'reject', reason?: string) {
    if (decision === 'reject' && !reason?.trim()) throw new Error('a rejection needs a reason');
    busy.value = { ...busy.value, [item.approvalId]: true };
    try {
      const result = await decideShare(
        item.projectId,
        item.regionCode,
        decision,
        item.round,
        reason?.trim() || undefined,
      );
      items.value = items.value.filter((i) => i.approvalId !== item.approvalId);
      decided.value = [
        {
          item,
          decision,
          status: result.status,
          roundComplete: result.roundComplete,
          at: Date.now(),
        },
        ...decided.value,
      ];
      return result;
    } finally {
      const { [item.approvalId]: _, ...rest } = busy.value;
      busy.value = rest;
    }
  }

  return { items, decided, loading, error, busy, fetch, decide };
});
