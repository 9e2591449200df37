import type { EnrolResponse, ImportRowError, TraineeInput } from '@qiancheng/contracts';
import {
  auditLog,
  defaultIdentityKeys,
  projectSearch as repository,
  residentIdDigest,
  trainees,
} from '@qiancheng/db';
import { KEY_GROUP_CODES, parseCsv, validateResidentId } from '@qiancheng/domain';
import { enrolTraineesUpdate } from '@qiancheng/workflows';
import { ApiError, conflict } from '../errors.js';
import { actorOf } from '../plugins/app/auth.js';
import { type Context, loadManaged, workflowIdOf } from './projects.service.js';
import { executeUpdate } from './workflow.service.js';

const identityKeys = () => defaultIdentityKeys();

/** The workflow takes at most this many trainees per update (its MAX_BATCH). */
const BATCH = 500;

/** A row to enrol, with where it came from (for the error report). */
interface Row {
  row: number;
  line: number | null;
  trainee: TraineeInput;
}

// CSV headers, in English or as a Chinese form names them.
const HEADER_ALIASES: Record<string, keyof TraineeInput> = {
  name: 'name',
  姓名: 'name',
  residentid: 'residentId',
  身份证号: 'residentId',
  身份证号码: 'residentId',
  homeregioncode: 'homeRegionCode',
  户籍地: 'homeRegionCode',
  户籍地代码: 'homeRegionCode',
  keygroups: 'keyGroups',
  重点群体: 'keyGroups',
  maskedphone: 'maskedPhone',
  手机: 'maskedPhone',
};
const REQUIRED = ['name', 'residentId', 'homeRegionCode'] as const;
const KEY_GROUPS = new Set<string>(KEY_GROUP_CODES);

/** Reads a trainee CSV (header row first; key groups separated by `;` or `|`). */
export function rowsFromCsv(text: string): { rows: Row[]; errors: ImportRowError[] } {
  const { records, errors: syntax } = parseCsv(text);
  const errors: ImportRowError[] = syntax.map((e) => ({
    row: 0,
    line: e.line,
    field: null,
    code: e.code,
    message: e.message,
  }));
  const [header, ...data] = records;
  if (!header) {
    errors.push({ row: 0, line: null, field: null, code: 'empty_file', message: 'no header row' });
    return { rows: [], errors };
  }
  const fields = header.fields.map(
    (f) =>
      HEADER_ALIASES[
        f
          .trim()
          .replace(/[\s_-]/g, '')
          .toLowerCase()
      ] ?? HEADER_ALIASES[f.trim()],
  );
  for (const name of REQUIRED) {
    if (!fields.includes(name)) {
      errors.push({
        row: 0,
        line: header.line,
        field: name,
        code: 'missing_column',
        message: `no ${name} column`,
      });
    }
  }
  if (errors.some((e) => e.code === 'missing_column')) return { rows: [], errors };
  const rows = data.map((record, i): Row => {
    const value = (name: keyof TraineeInput) => {
      const at = fields.indexOf(name);
      return at < 0 ? '' : (record.fields[at] ?? '').trim();
    };
    const groups = value('keyGroups');
    const phone = value('maskedPhone');
    return {
      row: i + 1,
      line: record.line,
      trainee: {
        name: value('name'),
        residentId: value('residentId'),
        homeRegionCode: value('homeRegionCode'),
        keyGroups: groups
          ? (groups
              .split(/[;|]/)
              .map((g) => g.trim())
              .filter(Boolean) as TraineeInput['keyGroups'])
          : [],
        maskedPhone: phone || null,
      },
    };
  });
  return { rows, errors };
}

export function rowsFromJson(list: TraineeInput[]): Row[] {
  return list.map((trainee, i) => ({ row: i + 1, line: null, trainee }));
}

/**
 * Checks every row before anything is written: a valid resident ID (GB 11643), a known home
 * region, known key groups (三, 十九), a name, and no person twice. The report never echoes an ID.
 */
async function validate(ctx: Context, rows: Row[]): Promise<ImportRowError[]> {
  const errors: ImportRowError[] = [];
  const add = (r: Row, field: string | null, code: string, message: string) =>
    errors.push({ row: r.row, line: r.line, field, code, message });
  const known = await repository.knownRegions(ctx.db, [
    ...new Set(rows.map((r) => r.trainee.homeRegionCode)),
  ]);
  const seen = new Map<string, number>();
  for (const r of rows) {
    const t = r.trainee;
    if (!t.name) add(r, 'name', 'required', 'a name is required');
    const id = validateResidentId(t.residentId);
    if (!id.valid) add(r, 'residentId', `resident_id_${id.reason}`, id.message);
    else {
      const first = seen.get(id.normalized);
      if (first !== undefined)
        add(r, 'residentId', 'duplicate_in_file', `the same person as row ${first}`);
      else seen.set(id.normalized, r.row);
    }
    if (!/^[1-9][0-9]{5}$/.test(t.homeRegionCode) || !known.has(t.homeRegionCode)) {
      add(r, 'homeRegionCode', 'unknown_region', 'not a known region code');
    }
    for (const g of t.keyGroups) {
      if (!KEY_GROUPS.has(g as string))
        add(r, 'keyGroups', 'unknown_key_group', `unknown key group ${g}`);
    }
  }
  return errors;
}

/**
 * Enrols trainees on a project from JSON or CSV rows. Every row is checked first: one bad row
 * means a 422 with the per-row report and nothing written. Then new people are registered in one
 * transaction (their IDs protected by @qiancheng/db) and the workflow enrols them in batches of
 * at most 500, checking eligibility.
 */
export async function enrol(
  ctx: Context,
  projectId: string,
  input: { rows: Row[]; parseErrors: ImportRowError[]; updateKey?: string | undefined },
): Promise<EnrolResponse> {
  const record = await loadManaged(ctx.db, ctx.user, projectId);
  const workflowId = workflowIdOf(record);
  const errors = [...input.parseErrors, ...(await validate(ctx, input.rows))];
  if (input.rows.length === 0 && errors.length === 0) {
    errors.push({ row: 0, line: null, field: null, code: 'no_rows', message: 'no trainees given' });
  }
  if (errors.length > 0) {
    throw new ApiError(
      422,
      'import_rows_invalid',
      `${errors.length} problem(s) in the rows; nothing was written`,
      {
        rows: errors,
      },
    );
  }
  // Fail before writing anything when the workflow would refuse the batch anyway.
  if (record.stage !== 'enrolment') {
    throw conflict(
      'WrongStage',
      `project is in stage ${record.stage}; enrolment needs stage enrolment`,
    );
  }
  const people = input.rows.map((r) => {
    const id = validateResidentId(r.trainee.residentId);
    return { ...r, normalized: id.valid ? id.normalized : r.trainee.residentId };
  });
  const registered = await ctx.db.transaction().execute(async (trx) => {
    const digests = people.map((p) => residentIdDigest(p.normalized, identityKeys()));
    const existing = new Map(
      (await repository.traineesByDigest(trx, digests)).map((t) => [t.residentIdDigest, t]),
    );
    const fresh = people.filter((_, i) => !existing.has(digests[i] as string));
    const inserted = await trainees.insertMany(
      trx,
      fresh.map((p) => ({
        name: p.trainee.name,
        residentId: p.normalized,
        homeRegionCode: p.trainee.homeRegionCode,
        keyGroups: p.trainee.keyGroups,
        maskedPhone: p.trainee.maskedPhone ?? null,
      })),
    );
    const byRow = new Map<number, { id: string; maskedResidentId: string }>();
    people.forEach((p, i) => {
      const found = existing.get(digests[i] as string);
      if (found) byRow.set(p.row, { id: found.id, maskedResidentId: found.maskedResidentId });
    });
    fresh.forEach((p, i) => {
      const t = inserted[i];
      if (t) byRow.set(p.row, { id: t.id, maskedResidentId: t.maskedResidentId });
    });
    return { byRow, created: inserted.length };
  });
  const list = people.map((p) => {
    const t = registered.byRow.get(p.row);
    if (!t) throw new Error('a registered trainee went missing');
    return { row: p.row, traineeId: t.id, maskedResidentId: t.maskedResidentId };
  });
  const result = {
    enrolled: 0,
    alreadyEnrolled: 0,
    ineligible: [] as { traineeId: string; reason: string }[],
  };
  for (let i = 0; i < list.length; i += BATCH) {
    const batch = list.slice(i, i + BATCH);
    const answer = await executeUpdate(
      ctx.client,
      workflowId,
      enrolTraineesUpdate,
      { traineeIds: batch.map((t) => t.traineeId), by: actorOf(ctx.user) },
      {
        updateId: input.updateKey ? `${input.updateKey}:${i / BATCH}` : undefined,
        timeoutMs: ctx.settings.workflowTimeoutMs,
      },
    );
    result.enrolled += answer.enrolled;
    result.alreadyEnrolled += answer.alreadyEnrolled;
    result.ineligible.push(...answer.ineligible);
  }
  const masked = new Map(list.map((t) => [t.traineeId, t.maskedResidentId]));
  await auditLog.append(ctx.db, {
    actor: actorOf(ctx.user),
    action: 'project.trainees_enrolled',
    subjectType: 'project',
    subjectId: projectId,
    reason: null,
    // Counts only: resident IDs never reach the audit log either.
    details: {
      rows: list.length,
      registered: registered.created,
      ...result,
      ineligible: result.ineligible.length,
    },
    requestId: ctx.requestId,
  });
  return {
    registered: registered.created,
    enrolled: result.enrolled,
    alreadyEnrolled: result.alreadyEnrolled,
    ineligible: result.ineligible.map((x) => ({
      ...x,
      maskedResidentId: masked.get(x.traineeId) ?? '',
    })),
    trainees: list,
  };
}
