import { describe, expect, it } from 'vitest';

/**
 * Every user-visible string goes through vue-i18n: no CJK text in `.vue`/`.ts` sources outside
 * `src/locales/**` (comments may cite the policy, e.g. (十八); tests may expect Chinese output;
 * reference data names come from @qiancheng/domain as data).
 */
// Every source as text, through Vite (the console has no Node built-ins, tests included).
const raw = import.meta.glob<string>(['../**/*.vue', '../**/*.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]/;

/** The sources that people's eyes reach: not locale files, tests, generated or declaration files. */
const sources = Object.entries(raw)
  .map(([path, text]) => ({ file: path.replace(/^\.\.\//, ''), text }))
  .filter(
    ({ file }) =>
      !file.startsWith('locales/') &&
      !file.includes('__tests__/') &&
      !/\.(test|gen)\.ts$/.test(file) &&
      !file.endsWith('.d.ts'),
  );

/** The text with comments removed (block, line and HTML comments). */
const withoutComments = (text: string) =>
  text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** The lines of a source that hold CJK text outside comments. */
export function cjkLines(text: string): string[] {
  return withoutComments(text)
    .split('\n')
    .filter((line) => CJK.test(line))
    .map((line) => line.trim());
}

describe('the console’s sources', () => {
  const files = sources.map(({ file, text }) => ({ file, lines: cjkLines(text) }));

  it('reads every source of the console', () => {
    expect(files.map((f) => f.file)).toEqual(
      expect.arrayContaining(['main.ts', 'views/projects/detail/index.vue', 'api/desk.ts']),
    );
    // The scanner sees Chinese where it is meant to be: in the locale files it leaves out.
    expect(cjkLines(raw['../locales/zh-CN.ts'] ?? '').length).toBeGreaterThan(100);
  });

  it('finds a CJK literal in code but not in a comment', () => {
    expect(cjkLines("// 说明 (十八)\nconst a = '中文';\n/* 注释 */")).toEqual([
      "const a = '中文';",
    ]);
  });

  it('hold no Chinese text outside the locale files', () => {
    const offending = files
      .filter((f) => f.lines.length > 0)
      .map((f) => `${f.file}: ${f.lines[0]}`);
    expect(offending).toEqual([]);
  });
});
