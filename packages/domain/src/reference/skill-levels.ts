/** The eight skill levels of the 新八级工 system (十四), lowest first. */
export const SKILL_LEVEL_CODES = [
  'apprentice',
  'junior',
  'intermediate',
  'senior',
  'technician',
  'senior_technician',
  'special_technician',
  'chief_technician',
] as const;

export type SkillLevelCode = (typeof SKILL_LEVEL_CODES)[number];

/** A skill level with its rank (1 = 学徒工 … 8 = 首席技师). */
export interface SkillLevel {
  code: SkillLevelCode;
  /** 1-based position in the ladder; higher is more skilled. */
  rank: number;
  name: string;
  /** The national grade of the five-grade certificate system, e.g. 五级; null outside it. */
  grade: string | null;
  /** Name with grade as printed on certificates, e.g. 初级工（五级）. */
  label: string;
  nameEn: string;
}

function level(
  code: SkillLevelCode,
  rank: number,
  name: string,
  grade: string | null,
  nameEn: string,
): SkillLevel {
  return { code, rank, name, grade, label: grade ? `${name}（${grade}）` : name, nameEn };
}

/** The eight levels in order, lowest first (十四 新八级工). */
export const SKILL_LEVELS: readonly SkillLevel[] = [
  level('apprentice', 1, '学徒工', null, 'Apprentice'),
  level('junior', 2, '初级工', '五级', 'Junior worker (grade 5)'),
  level('intermediate', 3, '中级工', '四级', 'Intermediate worker (grade 4)'),
  level('senior', 4, '高级工', '三级', 'Senior worker (grade 3)'),
  level('technician', 5, '技师', '二级', 'Technician (grade 2)'),
  level('senior_technician', 6, '高级技师', '一级', 'Senior technician (grade 1)'),
  level('special_technician', 7, '特级技师', null, 'Special-grade technician'),
  level('chief_technician', 8, '首席技师', null, 'Chief technician'),
];

/** True when `value` is a skill level code. */
export function isSkillLevelCode(value: unknown): value is SkillLevelCode {
  return typeof value === 'string' && (SKILL_LEVEL_CODES as readonly string[]).includes(value);
}

/** Rank of a level, 1 (学徒工) to 8 (首席技师). */
export function skillLevelRank(code: SkillLevelCode): number {
  return SKILL_LEVEL_CODES.indexOf(code) + 1;
}

/** The level with this rank, or null outside 1–8. */
export function skillLevelOfRank(rank: number): SkillLevelCode | null {
  return SKILL_LEVEL_CODES[rank - 1] ?? null;
}

/** The level record for a code. */
export function skillLevelByCode(code: SkillLevelCode): SkillLevel {
  const found = SKILL_LEVELS[skillLevelRank(code) - 1];
  if (!found) throw new Error(`unknown skill level ${code}`);
  return found;
}

/** Negative when `a` is below `b`, zero when equal, positive when above; usable in `sort`. */
export function compareSkillLevels(a: SkillLevelCode, b: SkillLevelCode): number {
  return skillLevelRank(a) - skillLevelRank(b);
}

/** True when `level` is `minimum` or higher. */
export function isSkillLevelAtLeast(level: SkillLevelCode, minimum: SkillLevelCode): boolean {
  return compareSkillLevels(level, minimum) >= 0;
}
