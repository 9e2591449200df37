import { COORDINATOR_ACTIONS } from '@qiancheng/domain';
import { describe, expect, it } from 'vitest';
import { i18n, LOCALES } from '#/locales';
import { apiSources, dbSources, workflowSources } from './platform-sources.js';

/**
 * Every action the system writes to the audit log has words in both languages, so the log never
 * shows a bare code. The actions are read from the sources that write them — the API, the
 * workflows' activities, the database's seeds and statements — not from a list kept by hand, so a
 * new action without words fails here. (Read as text through Vite, like the error codes' check:
 * the console imports nothing of the API, the workflows or the database.)
 */
const api = apiSources;
const workflows = workflowSources;
const sources = [...api, ...workflows, ...dbSources];

const matches = (from: string[], pattern: RegExp) =>
  from.flatMap((s) => [...s.matchAll(pattern)].flatMap((m) => m.slice(1).filter(Boolean)));
const quoted = (block: string) => [...block.matchAll(/'(\w+)'/g)].map((m) => m[1] as string);
const members = (from: string[], block: RegExp) => matches(from, block).flatMap(quoted);
/** The literals a function of chained ternaries answers (not the ones it compares with). */
const answers = (from: string[], body: RegExp) =>
  matches(from, body).flatMap((b) => [...b.matchAll(/[?:]\s*'(\w+)'/g)].map((m) => m[1] as string));

const ACTION = String.raw`'(\w+\.\w+)'`;
/** The local `audit(ctx, …)` helpers of the API's services (some take the transaction next). */
const AUDIT_CALL = String.raw`\baudit\(\s*ctx,\s*(?:trx,\s*)?`;

/** Actions written as a literal: an entry's `action`, a helper's argument, a statement's value. */
const literal = [
  ...matches(sources, new RegExp(String.raw`\baction:\s*${ACTION}`, 'g')),
  ...matches(
    sources,
    new RegExp(String.raw`\baction:\s*[\w.!]+\s*\?\s*${ACTION}\s*:\s*${ACTION}`, 'g'),
  ),
  ...matches(sources, new RegExp(AUDIT_CALL + ACTION, 'g')),
  ...matches(
    sources,
    new RegExp(String.raw`insert into audit_log \([^)]*\)\s*select [^,]+,\s*${ACTION}`, 'g'),
  ),
];

/** Actions written as a template: `fraud.${kind}` and the like. */
const templates = [
  ...new Set([
    ...matches(sources, /\baction:\s*`([^`]+)`/g),
    ...matches(sources, new RegExp(`${AUDIT_CALL}\`([^\`]+)\``, 'g')),
  ]),
];
/** What the registries' `verbOf` answers for a qualification change (suspended, reinstated, …). */
const qualificationVerbs = () => answers(api, /\bconst verbOf =[^;]+?=>([^;]+);/g);
/**
 * What each template's placeholder may be, read from where its values are defined. A template
 * not named here fails the test: say where its values come from.
 */
const PLACEHOLDERS: Record<string, () => readonly string[]> = {
  'project.${step}': () => members(api, /\btype Step =([^;]+);/g),
  'training_provider.${verbOf(body.status)}': () => qualificationVerbs(),
  'evaluation_body.${verbOf(body.status)}': () => qualificationVerbs(),
  'cost_share.coordinator_${body.decision}': () => COORDINATOR_ACTIONS,
  'cost_share.${status}': () =>
    members(workflows, /\brecordShareDecision\(input: \{[^}]*?\bstatus:([^;]+);/g),
  'fraud.${kind}': () => members(workflows, /\bexport type FraudKind =([^;]+);/g),
};
/** A template's actions: a placeholder that is a ternary of literals gives both. */
function expand(template: string): string[] {
  const ternary = /^(\w+\.\w*)\$\{[^}?]+\?\s*'(\w+)'\s*:\s*'(\w+)'\s*\}$/.exec(template);
  if (ternary) return [`${ternary[1]}${ternary[2]}`, `${ternary[1]}${ternary[3]}`];
  const values = PLACEHOLDERS[template]?.() ?? [];
  const prefix = template.slice(0, template.indexOf('${'));
  return values.map((v) => `${prefix}${v}`);
}
const unexpanded = templates.filter((t) => expand(t).length === 0);
const actions = [...new Set([...literal, ...templates.flatMap(expand)])].sort();

/** The kinds of record an entry is about: an entry's `subjectType`, a helper's, a statement's. */
const subjects = [
  ...new Set([
    ...matches(sources, /\bsubjectType:\s*'(\w+)'/g),
    ...matches(sources, new RegExp(`${AUDIT_CALL}(?:'[^']*'|\`[^\`]*\`),\\s*'(\\w+)'`, 'g')),
    ...matches(sources, /insert into audit_log \([^)]*\)\s*select [^,]+,\s*'[\w.]+',\s*'(\w+)'/g),
  ]),
];

const missing = (codes: readonly string[], space: string) =>
  LOCALES.flatMap((locale) =>
    codes
      .filter((code) => !i18n.global.te(`${space}.${code}`, locale))
      .map((code) => `${locale}: ${code}`),
  );

describe('the words for the audit log’s actions', () => {
  it('finds the actions in the sources that write them, literal and templated', () => {
    // A few of each form, so a pattern that stopped matching fails here, not silently.
    expect(actions).toEqual(
      expect.arrayContaining([
        'project.stage_changed', // a workflow activity's entry
        'follow_up.recorded',
        'project.placements_recorded', // the API's audit(ctx, …) helper
        'project.course_plan_set', // the helper that takes the transaction
        'user.disabled', // a ternary of literals
        'claim.rejected', // a template with a ternary
        'project.close_enrolment', // a template over a type
        'training_provider.reinstated', // a template over a function's answers
        'cost_share.coordinator_extend', // a template over the domain's constants
        'cost_share.expired', // a template over an activity's input
        'fraud.defrauded_subsidy',
        'demand_order.posted', // a SQL statement
        'demo.seeded', // the database's seed
      ]),
    );
    expect(actions.length).toBeGreaterThan(60);
    expect(subjects).toEqual(
      expect.arrayContaining(['project', 'placement', 'catalogue_version', 'demand_order']),
    );
  });

  it('knows where every templated action’s values come from', () => {
    expect(unexpanded).toEqual([]);
  });

  it('has zh-CN and English words for every action', () => {
    expect(missing(actions, 'auditAction')).toEqual([]);
  });

  it('has zh-CN and English words for every kind of subject', () => {
    expect(missing(subjects, 'auditSubject')).toEqual([]);
  });
});
