import type { LocaleModule } from '../index';

/** Words of the dispatch dashboard (beyond `dashboard`, the pace words). */
const dispatch: LocaleModule = {
  'zh-CN': {
    dispatch: {
      asOf: '截至 {date}（北京时间）',
      measures: { enrolments: '培训人次', certificates: '取证人次', placements: '就业人次' },
      unit: '人次',
      noTargets: '本期没有调度目标',
      details: '目标明细',
      region: '地区',
      sector: '产业领域',
      keyGroup: '重点群体',
      period: '周期',
      pace: '进度',
    },
  },
  en: {
    dispatch: {
      asOf: 'As of {date} (Beijing time)',
      measures: { enrolments: 'Trainees', certificates: 'Certificates', placements: 'Placements' },
      unit: 'people',
      noTargets: 'No targets for this period',
      details: 'Targets in detail',
      region: 'Region',
      sector: 'Sector',
      keyGroup: 'Key group',
      period: 'Period',
      pace: 'Pace',
    },
  },
};

export default dispatch;
