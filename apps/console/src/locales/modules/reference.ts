import { PROJECT_STAGE_NAMES, PROJECT_TYPE_NAMES } from '@qiancheng/domain';
import type { LocaleModule } from '../index';

/**
 * Names of the codes the API returns: stages and project types keep the domain's official
 * Chinese names (one home, @qiancheng/domain) and get English ones here; the statuses, roles and
 * durations are the console's own words.
 */
const reference: LocaleModule = {
  'zh-CN': {
    ref: {
      stage: { ...PROJECT_STAGE_NAMES },
      projectType: { ...PROJECT_TYPE_NAMES },
      /** The roles of regions in cross-region work (十二: 输入地 / 输出地, and training hosts). */
      partnerRole: {
        labour_import: '劳务输入地',
        labour_export: '劳务输出地',
        training_host: '培训承接地',
      },
      status: {
        draft: '草稿',
        pending: '待审批',
        approved: '已同意',
        rejected: '已驳回',
        expired: '已逾期',
        escalated: '已上报',
        open: '开放',
        reserved: '已预留',
        fulfilled: '已满足',
        closed: '已关闭',
        cancelled: '已取消',
        superseded: '已被新一轮取代',
      },
      /** A round of cost-share approvals (十二): drafted, put to the parties, then decided. */
      roundStatus: {
        draft: '草稿（未启动）',
        open: '审批中',
        approved: '已通过',
        rejected: '已驳回',
        expired: '已逾期',
        cancelled: '已取消',
      },
      agreementStatus: {
        draft: '草稿',
        awaiting_approval: '待协作地区审批',
        approved: '已生效',
        revising: '待修订',
        cancelled: '已取消',
      },
      system: '系统',
    },
    duration: {
      days: '{d}天{h}小时',
      hours: '{h}小时{m}分',
      minutes: '{m}分{s}秒',
    },
  },
  en: {
    ref: {
      stage: {
        demand: 'Demand',
        cost_sharing: 'Cost sharing',
        enrolment: 'Enrolment',
        training: 'Training',
        evaluation: 'Evaluation',
        employment: 'Employment',
        settlement: 'Settlement',
        quality_review: 'Quality review',
        closed: 'Closed',
        cancelled: 'Cancelled',
      },
      projectType: {
        order: 'Order-based training',
        directed: 'Directed training',
        post: 'Post-based training',
      },
      partnerRole: {
        labour_import: 'Labour-importing region',
        labour_export: 'Labour-exporting region',
        training_host: 'Training host',
      },
      status: {
        draft: 'Draft',
        pending: 'Pending',
        approved: 'Approved',
        rejected: 'Rejected',
        expired: 'Expired',
        escalated: 'Escalated',
        open: 'Open',
        reserved: 'Reserved',
        fulfilled: 'Fulfilled',
        closed: 'Closed',
        cancelled: 'Cancelled',
        superseded: 'Superseded by a later round',
      },
      roundStatus: {
        draft: 'Draft (not launched)',
        open: 'Awaiting decisions',
        approved: 'Approved',
        rejected: 'Rejected',
        expired: 'Expired',
        cancelled: 'Cancelled',
      },
      agreementStatus: {
        draft: 'Draft',
        awaiting_approval: 'Awaiting partner approval',
        approved: 'In force',
        revising: 'Awaiting revision',
        cancelled: 'Cancelled',
      },
      system: 'System',
    },
    duration: {
      days: '{d}d {h}h',
      hours: '{h}h {m}m',
      minutes: '{m}m {s}s',
    },
  },
};

export default reference;
