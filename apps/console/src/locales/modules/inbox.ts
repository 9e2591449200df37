import type { LocaleModule } from '../index';

/** Words of a partner region's approvals inbox (beyond `approvals`, the decision words). */
const inbox: LocaleModule = {
  'zh-CN': {
    inbox: {
      pickRegion: '选择地区',
      refresh: '刷新',
      project: '项目',
      owner: '发起地区 {region}',
      share: '本地区份额',
      reminded: '已提醒 {n} 次',
      escalated: '已上报',
      justDecided: '刚刚处理',
      decision: '决定',
      thisRound: '本轮',
      roundComplete: '各方均已决定',
      roundWaiting: '等待其他地区',
      decided: '{decision}：{project}',
      ceiling: '分担金额上限',
      ceilingHint: '计划 {headcount} 人 × 补贴标准 {standard} = {total}，本地区承担 {share}',
      noCeiling: '无现行补贴目录标准',
      confirmTitle: '确认同意分担',
      confirmApprove:
        '同意后，本地区将按 {share} 的份额分担「{project}」的培训补贴，最多约 {amount}。此决定不可撤回。',
      confirmApproveNoAmount:
        '同意后，本地区将按 {share} 的份额分担「{project}」的培训补贴。此决定不可撤回。',
      confirmOk: '同意',
      confirmCancel: '再想想',
    },
  },
  en: {
    inbox: {
      pickRegion: 'Choose a region',
      refresh: 'Refresh',
      project: 'Project',
      owner: 'Owner region {region}',
      share: 'Share of this region',
      reminded: 'reminded {n}×',
      escalated: 'escalated',
      justDecided: 'Just decided',
      decision: 'Decision',
      thisRound: 'This round',
      roundComplete: 'All parties decided',
      roundWaiting: 'Waiting for other regions',
      decided: '{decision}: {project}',
      ceiling: 'Share at most',
      ceilingHint: '{headcount} planned × standard {standard} = {total}; this region pays {share}',
      noCeiling: 'No catalogue standard in force',
      confirmTitle: 'Approve this share?',
      confirmApprove:
        'Approving commits this region to {share} of the training subsidies of “{project}”, at most about {amount}. The decision cannot be taken back.',
      confirmApproveNoAmount:
        'Approving commits this region to {share} of the training subsidies of “{project}”. The decision cannot be taken back.',
      confirmOk: 'Approve',
      confirmCancel: 'Not yet',
    },
  },
};

export default inbox;
