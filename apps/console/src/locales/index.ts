import { createI18n } from 'vue-i18n';
import en from './en';
import zhCN from './zh-CN';

/** The console's languages, zh-CN first (the default). */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const saved = globalThis.localStorage?.getItem('qc.locale');

/** A message module of one area (locales/modules/*.ts): its words in both languages. */
export interface LocaleModule {
  'zh-CN': Record<string, unknown>;
  en: Record<string, unknown>;
}

// Each area keeps its words in its own module, merged here under the area's top-level keys.
const modules = Object.values(
  import.meta.glob<LocaleModule>('./modules/*.ts', { eager: true, import: 'default' }),
);
const merged = <T extends object>(base: T, locale: Locale): T =>
  Object.assign({}, base, ...modules.map((m) => m[locale]));

/** vue-i18n in composition mode; zh-CN first, English selectable (remembered locally). */
export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': merged(zhCN, 'zh-CN'), en: merged(en, 'en') },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  globalThis.localStorage?.setItem('qc.locale', locale);
  document.documentElement.lang = locale;
}
