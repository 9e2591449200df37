import type { LocaleModule } from '../index';

/** Words of the living demo's progress line on the status page (issue 15). */
const livingDemo: LocaleModule = {
  'zh-CN': {
    livingDemo: {
      running: '演示数据：已就绪 {ready} / {total} 个项目（正在后台通过真实流程生成）',
      done: '演示数据：已就绪 {ready} / {total} 个项目',
      failed: '演示数据：已就绪 {ready} / {total} 个项目，{failed} 个未能完成（下次启动时继续）',
    },
  },
  en: {
    livingDemo: {
      running: 'demo data: {ready} of {total} projects ready (being run through the real chain)',
      done: 'demo data: {ready} of {total} projects ready',
      failed:
        'demo data: {ready} of {total} projects ready, {failed} failed (the next start resumes them)',
    },
  },
};

export default livingDemo;
