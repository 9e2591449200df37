// DEMO ONLY — who each demo project enrols: people of the seed's pool (by home region, in the
// pool's order) and recruits of other origins, handed out in plan order so no one is enrolled
// twice and every run hands out the same people.
import type { TraineeInput } from '@qiancheng/contracts';
import { demoData } from '@qiancheng/db';
import type { KeyGroupCode } from '@qiancheng/domain';
import { DEMO_RECRUIT_ORIGINS, type DemoProjectSpec } from './plan.js';

const RECRUIT_SEED = 20_261_201;

type Recruiting = keyof typeof DEMO_RECRUIT_ORIGINS;

const youthGroups = (random: demoData.DemoRandom): KeyGroupCode[] => [
  random.pick(['college_graduate', 'college_graduate', 'unemployed_youth', 'other_youth'] as const),
];
const cityGroups = (random: demoData.DemoRandom, sex: string): KeyGroupCode[] => {
  const groups: KeyGroupCode[] = [
    random.pick(['unemployed_worker', 'migrant_worker', 'college_graduate'] as const),
  ];
  if (sex === 'female') groups.push('woman');
  return groups;
};

const ORIGIN_PEOPLE: Record<
  Recruiting,
  Omit<demoData.DemoOrigin, 'count' | 'idPrefixes' | 'homeRegionCode'>
> = {
  guangyuan: { birthYears: [1972, 2005], maleShare: 0.75, groups: demoData.ruralKeyGroups },
  hanzhong: { birthYears: [1974, 2005], maleShare: 0.7, groups: demoData.ruralKeyGroups },
  guiyang: { birthYears: [1996, 2005], maleShare: 0.5, groups: youthGroups },
  hangzhou: { birthYears: [1975, 2004], maleShare: 0.6, groups: cityGroups },
};

const toInput = (person: ReturnType<typeof demoData.demoTraineePool>[number]): TraineeInput => ({
  name: person.name,
  residentId: person.residentId,
  homeRegionCode: person.homeRegionCode,
  keyGroups: [...person.keyGroups] as TraineeInput['keyGroups'],
  maskedPhone: person.maskedPhone ?? null,
});

/** The trainees of every demo project, by project key. */
export function allocateTrainees(
  projects: readonly DemoProjectSpec[],
): Map<string, TraineeInput[]> {
  const pool = demoData.demoTraineePool();
  const wanted = new Map<Recruiting, number>();
  for (const source of projects.flatMap((p) => p.trainees)) {
    if ('recruits' in source) {
      wanted.set(source.recruits, (wanted.get(source.recruits) ?? 0) + source.count);
    }
  }
  const recruits = new Map(
    [...wanted].map(([origin, count], i) => [
      origin,
      demoData.demoRecruits(
        [{ ...DEMO_RECRUIT_ORIGINS[origin], ...ORIGIN_PEOPLE[origin], count }],
        RECRUIT_SEED + i,
      ),
    ]),
  );
  const taken = new Map<string, number>();
  const take = (from: string, list: typeof pool, count: number) => {
    const start = taken.get(from) ?? 0;
    const people = list.slice(start, start + count);
    if (people.length < count) throw new Error(`the demo needs more people from ${from}`);
    taken.set(from, start + count);
    return people.map(toInput);
  };
  const byProject = new Map<string, TraineeInput[]>();
  for (const project of projects) {
    byProject.set(
      project.key,
      project.trainees.flatMap((source) =>
        'pool' in source
          ? take(
              source.pool,
              pool.filter((p) => p.homeRegionCode === source.pool),
              source.count,
            )
          : take(source.recruits, recruits.get(source.recruits) ?? [], source.count),
      ),
    );
  }
  return byProject;
}
