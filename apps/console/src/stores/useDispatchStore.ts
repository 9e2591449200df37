import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { dispatchReport, takeDispatchReport } from '#/api/oversight';
import type { DispatchReport, DispatchRow } from '#/api/types';
import { messageOf } from '#/composables/useAsync';
import { shanghaiDate } from '#/utils/format';

export interface Totals {
  key: string;
  target: number;
  expected: number;
  actual: number;
  behind: number;
}

/** Adds up target, expected and actual per key (region, sector, key group) of one measure. */
export function totalsBy(
  rows: readonly DispatchRow[],
  keyOf: (row: DispatchRow) => string | null,
): Totals[] {
  const map = new Map<string, Totals>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const t = map.get(key) ?? { key, target: 0, expected: 0, actual: 0, behind: 0 };
    t.target += row.target;
    t.expected += row.expected;
    t.actual += row.actual;
    if (row.flagged) t.behind += 1;
    map.set(key, t);
  }
  return [...map.values()].sort((a, b) => b.target - a.target);
}

/** Month ends from January of `asOf`'s year up to `asOf` (the trend's sample dates). */
export function trendDates(asOf: string, maxPoints = 6): string[] {
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  const dates: string[] = [];
  for (let month = 1; month < m; month += 1) {
    const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
    dates.push(`${y}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`);
  }
  dates.push(asOf);
  return dates.slice(-maxPoints);
}

/** The dispatch dashboard: today's report plus a few earlier snapshots for the trend. */
export const useDispatchStore = defineStore('dispatch', () => {
  const report = ref<DispatchReport | null>(null);
  const trend = ref<{ asOf: string; target: number; expected: number; actual: number }[]>([]);
  const measure = ref<'enrolments' | 'certificates' | 'placements'>('enrolments');
  const loading = ref(false);
  const trendLoading = ref(false);
  const error = ref<string | null>(null);

  const rows = computed(() => report.value?.items.filter((r) => r.measure === measure.value) ?? []);

  async function fetch(regionCode?: string) {
    loading.value = true;
    error.value = null;
    try {
      report.value = await takeDispatchReport(shanghaiDate(), regionCode);
    } catch (e) {
      error.value = messageOf(e);
      return;
    } finally {
      loading.value = false;
    }
    void fetchTrend(regionCode);
  }

  async function fetchTrend(regionCode?: string) {
    if (!report.value) return;
    trendLoading.value = true;
    try {
      const dates = trendDates(report.value.asOf);
      const reports = await Promise.all(
        dates.map((d) => (d === report.value?.asOf ? report.value : dispatchReport(d, regionCode))),
      );
      trend.value = reports.map((r, i) => {
        const items = r.items.filter((x) => x.measure === measure.value);
        return {
          asOf: dates[i] ?? r.asOf,
          target: items.reduce((s, x) => s + x.target, 0),
          expected: items.reduce((s, x) => s + x.expected, 0),
          actual: items.reduce((s, x) => s + x.actual, 0),
        };
      });
    } catch {
      trend.value = [];
    } finally {
      trendLoading.value = false;
    }
  }

  return { report, trend, measure, rows, loading, trendLoading, error, fetch, fetchTrend };
});
