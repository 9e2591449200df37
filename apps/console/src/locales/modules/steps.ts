import type { LocaleModule } from '../index';

/** The project workflow's chain steps by name (a failed step, a retry) — not its stages. */
const steps: LocaleModule = {
  'zh-CN': {
    step: {
      enter_stage: '进入阶段「{arg}」',
      open_round: '发起第 {arg} 轮分担审批',
      reserve_demand: '预留岗位需求订单名额',
      release_demand: '释放岗位需求订单名额',
      void_pending_records: '作废未完成的记录',
      enrol_trainees: '学员报名',
      submit_assessments: '提交评价结果',
      record_placements: '登记就业',
      start_follow_ups: '开始就业回访',
      follow_up_progress: '汇总回访进度',
      settle_claims: '补贴结算',
      review_quality: '质效评估',
      report_fraud: '违规查处',
      revoke_qualifications: '取消机构资质',
      revise_shares: '修订分担方案',
    },
  },
  en: {
    step: {
      enter_stage: 'entering stage "{arg}"',
      open_round: 'opening approval round {arg}',
      reserve_demand: 'reserving demand-order places',
      release_demand: 'releasing demand-order places',
      void_pending_records: 'voiding unfinished records',
      enrol_trainees: 'enrolling trainees',
      submit_assessments: 'submitting assessments',
      record_placements: 'recording placements',
      start_follow_ups: 'starting follow-ups',
      follow_up_progress: 'counting follow-up progress',
      settle_claims: 'settling claims',
      review_quality: 'reviewing quality',
      report_fraud: 'filing a fraud finding',
      revoke_qualifications: 'revoking qualifications',
      revise_shares: 'revising shares',
    },
  },
};

export default steps;
