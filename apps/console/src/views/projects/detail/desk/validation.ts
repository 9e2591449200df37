/**
 * The desk's forms, checked before they are sent: each problem a stable code (worded by the
 * locale's `desk.problem.<code>`) at a field path, as the API's own problems are.
 */
export type Problems = Record<string, string>;

const MAX_REASON = 2000;

/** A reason: required where the audit wants one (cancel, fraud), bounded always. */
export function reasonProblems(reason: string, required: boolean): Problems {
  const text = reason.trim();
  if (required && !text) return { reason: 'reason_required' };
  if (text.length > MAX_REASON) return { reason: 'reason_too_long' };
  return {};
}

export interface AttendanceForm {
  moduleId: string;
  startsAt: string;
  minutes: number | null;
  present: string[];
}

export function attendanceProblems(form: AttendanceForm): Problems {
  const out: Problems = {};
  if (!form.moduleId) out.moduleId = 'module_required';
  if (!form.startsAt || Number.isNaN(Date.parse(form.startsAt)))
    out.startsAt = 'starts_at_required';
  if (!form.minutes || !Number.isInteger(form.minutes) || form.minutes < 1 || form.minutes > 1440)
    out.minutes = 'minutes_invalid';
  if (form.present.length === 0) out.present = 'present_required';
  if (form.present.length > 500) out.present = 'present_too_many';
  return out;
}

export interface AssessmentRow {
  traineeId: string;
  result: 'passed' | 'failed' | 'absent';
  level: string | null;
  theoryScore: number | null;
  practiceScore: number | null;
  certificateNo: string | null;
}

const RESULTS = new Set(['passed', 'failed', 'absent']);
const score = (n: number | null) => n === null || (Number.isFinite(n) && n >= 0 && n <= 100);

export function assessmentProblems(rows: AssessmentRow[]): Problems {
  const out: Problems = {};
  if (rows.length === 0) return { results: 'results_required' };
  rows.forEach((r, i) => {
    const at = `results.${i}`;
    if (!RESULTS.has(r.result)) out[`${at}.result`] = 'result_invalid';
    if (!score(r.theoryScore)) out[`${at}.theoryScore`] = 'score_invalid';
    if (!score(r.practiceScore)) out[`${at}.practiceScore`] = 'score_invalid';
    if (r.result === 'passed' && !r.certificateNo?.trim())
      out[`${at}.certificateNo`] = 'certificate_required';
    if (r.certificateNo && r.certificateNo.length > 64)
      out[`${at}.certificateNo`] = 'certificate_too_long';
  });
  return out;
}

/**
 * Assessment results from CSV, one row per trainee named by the masked ID or name the roster
 * shows (`trainee,result,level,theory,practice,certificateNo`; a header row is skipped).
 * Returns rows for the trainees it could match and a code per line it could not read.
 */
export function parseAssessmentCsv(
  text: string,
  match: (who: string) => string | null,
): { rows: AssessmentRow[]; errors: { line: number; code: string }[] } {
  const rows: AssessmentRow[] = [];
  const errors: { line: number; code: string }[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    const cells = raw.split(',').map((c) => c.trim());
    if (index === 0 && cells[0]?.toLowerCase() === 'trainee') return;
    const [who = '', result = '', level = '', theory = '', practice = '', cert = ''] = cells;
    const traineeId = match(who);
    if (!traineeId) {
      errors.push({ line, code: 'trainee_unknown' });
      return;
    }
    if (!RESULTS.has(result)) {
      errors.push({ line, code: 'result_invalid' });
      return;
    }
    const num = (s: string) => (s === '' ? null : Number(s));
    const row: AssessmentRow = {
      traineeId,
      result: result as AssessmentRow['result'],
      level: level || null,
      theoryScore: num(theory),
      practiceScore: num(practice),
      certificateNo: cert || null,
    };
    if (!score(row.theoryScore) || !score(row.practiceScore)) {
      errors.push({ line, code: 'score_invalid' });
      return;
    }
    rows.push(row);
  });
  return { rows, errors };
}

export interface PlacementForm {
  traineeIds: string[];
  demandOrderId: string;
  startedOn: string;
  contractType: string;
  contractMonths: number | null;
  monthlyWageYuan: number | null;
  workRegionCode: string;
}

export function placementProblems(form: PlacementForm, freePlaces: number | null): Problems {
  const out: Problems = {};
  if (form.traineeIds.length === 0) out.traineeIds = 'trainees_required';
  if (freePlaces !== null && form.traineeIds.length > freePlaces)
    out.traineeIds = 'places_exceeded';
  if (!form.demandOrderId) out.demandOrderId = 'order_required';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.startedOn)) out.startedOn = 'date_required';
  if (!form.contractType) out.contractType = 'contract_required';
  if (
    form.contractMonths !== null &&
    (!Number.isInteger(form.contractMonths) || form.contractMonths < 1 || form.contractMonths > 600)
  )
    out.contractMonths = 'contract_months_invalid';
  if (!form.monthlyWageYuan || form.monthlyWageYuan <= 0) out.monthlyWageYuan = 'wage_invalid';
  if (!/^\d{6}$/.test(form.workRegionCode)) out.workRegionCode = 'region_required';
  return out;
}

/** Yuan typed by people → integer fen (no float drift: 8200.1 → 820010). */
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100);
