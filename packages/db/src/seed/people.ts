import { type IsoDate, residentIdCheckDigit, type Sex } from '@qiancheng/domain';
import type { DemoRandom } from './random.js';

// Common surnames (百家姓 by frequency) and given-name characters, for plausible demo names.
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN_MALE = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋勋亮成建峰'];
const GIVEN_FEMALE = [...'芳娜敏静丽艳娟霞燕玲桂兰萍婷雪琳晶妍慧莉倩颖佳蓉梅红琴云洁璐瑶欣'];

/** A name like 张伟 or 李晓燕. */
export function demoName(random: DemoRandom, sex: Sex): string {
  const given = sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  const first = random.pick(given);
  return random.chance(0.55)
    ? `${random.pick(SURNAMES)}${random.pick(given)}${first}`
    : `${random.pick(SURNAMES)}${first}`;
}

/**
 * An 18-digit resident ID (GB 11643) for a person of `sex` born on `birthDate` whose 户籍 code is
 * `regionCode`: a random sequence number of the right parity and the correct check digit.
 */
export function demoResidentId(
  random: DemoRandom,
  regionCode: string,
  birthDate: IsoDate,
  sex: Sex,
): string {
  const sequence = random.int(0, 49) * 2 + (sex === 'male' ? 1 : 0);
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${random.int(0, 9)}${String(sequence).padStart(2, '0')}`;
  return `${first17}${residentIdCheckDigit(first17)}`;
}

/** A birth date between the given years, as YYYY-MM-DD. */
export function demoBirthDate(random: DemoRandom, fromYear: number, toYear: number): IsoDate {
  const year = random.int(fromYear, toYear);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A masked mainland mobile number, e.g. 138****5678 (the full number is not kept). */
export function demoMaskedPhone(random: DemoRandom): string {
  const prefix = random.pick([
    '30',
    '31',
    '32',
    '35',
    '36',
    '37',
    '38',
    '39',
    '50',
    '51',
    '52',
    '58',
    '59',
    '80',
    '86',
    '87',
    '88',
    '89',
  ]);
  return `1${prefix}****${String(random.int(0, 9999)).padStart(4, '0')}`;
}

// GB 32100 统一社会信用代码: 31 characters (no I, O, S, V, Z) and a weighted MOD 31 check character.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * A well-formed 统一社会信用代码 with a correct check character: `kind` is the registering
 * authority and category (91 enterprise, 12 public institution, 52 private non-enterprise unit,
 * 51 social organisation), then the region code and a random body.
 */
export function demoCreditCode(random: DemoRandom, kind: string, regionCode: string): string {
  let body = `${kind}${regionCode}`;
  for (let i = 0; i < 9; i += 1) body += random.pick([...USCC_CHARS]);
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += USCC_CHARS.indexOf(body[i] ?? '0') * (USCC_WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return `${body}${USCC_CHARS[check]}`;
}
