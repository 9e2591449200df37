import type { LocaleModule } from '../index';

/** Words of the platform status page and of the language picker. */
const platform: LocaleModule = {
  'zh-CN': {
    platform: {
      services: { postgres: '数据库 PostgreSQL', temporal: '流程引擎 Temporal' },
      unreachable: '无法连接 API：{error}',
      checking: '正在检查…',
      allUp: '全部服务正常',
      someDown: '部分服务不可用',
      checkedAt: '（{at}）',
      up: '正常',
      down: '不可用',
      service: '{name}：{status} · {ms} ms',
    },
    // Each language by its own name, whatever the console's language.
    languages: { 'zh-CN': '中文', en: 'English' },
  },
  en: {
    platform: {
      services: { postgres: 'Database PostgreSQL', temporal: 'Workflow engine Temporal' },
      unreachable: 'Cannot reach the API: {error}',
      checking: 'Checking…',
      allUp: 'All services up',
      someDown: 'Some services unavailable',
      checkedAt: ' ({at})',
      up: 'up',
      down: 'unavailable',
      service: '{name}: {status} · {ms} ms',
    },
    languages: { 'zh-CN': '中文', en: 'English' },
  },
};

export default platform;
