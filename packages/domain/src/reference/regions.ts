import type { Region, RegionCode } from '../region.js';
import { COUNTY_TABLE, MUNICIPALITY_DISTRICT_TABLE, PREFECTURE_TABLE } from './prefectures.js';

/** How a provincial-level division is constituted. */
export type ProvinceKind = 'municipality' | 'province' | 'autonomous_region';

/** A provincial-level division (省级行政区). */
export interface Province extends Region {
  level: 'province';
  parentCode: null;
  kind: ProvinceKind;
}

function province(code: string, name: string, nameEn: string, kind: ProvinceKind): Province {
  return { code, name, nameEn, level: 'province', parentCode: null, kind };
}

/**
 * The 31 provincial-level divisions of the mainland with their GB/T 2260 codes and official
 * names, in code order. (Hong Kong, Macao and Taiwan are outside this programme's funding.)
 */
export const PROVINCES: readonly Province[] = [
  province('110000', '北京市', 'Beijing', 'municipality'),
  province('120000', '天津市', 'Tianjin', 'municipality'),
  province('130000', '河北省', 'Hebei', 'province'),
  province('140000', '山西省', 'Shanxi', 'province'),
  province('150000', '内蒙古自治区', 'Inner Mongolia', 'autonomous_region'),
  province('210000', '辽宁省', 'Liaoning', 'province'),
  province('220000', '吉林省', 'Jilin', 'province'),
  province('230000', '黑龙江省', 'Heilongjiang', 'province'),
  province('310000', '上海市', 'Shanghai', 'municipality'),
  province('320000', '江苏省', 'Jiangsu', 'province'),
  province('330000', '浙江省', 'Zhejiang', 'province'),
  province('340000', '安徽省', 'Anhui', 'province'),
  province('350000', '福建省', 'Fujian', 'province'),
  province('360000', '江西省', 'Jiangxi', 'province'),
  province('370000', '山东省', 'Shandong', 'province'),
  province('410000', '河南省', 'Henan', 'province'),
  province('420000', '湖北省', 'Hubei', 'province'),
  province('430000', '湖南省', 'Hunan', 'province'),
  province('440000', '广东省', 'Guangdong', 'province'),
  province('450000', '广西壮族自治区', 'Guangxi', 'autonomous_region'),
  province('460000', '海南省', 'Hainan', 'province'),
  province('500000', '重庆市', 'Chongqing', 'municipality'),
  province('510000', '四川省', 'Sichuan', 'province'),
  province('520000', '贵州省', 'Guizhou', 'province'),
  province('530000', '云南省', 'Yunnan', 'province'),
  province('540000', '西藏自治区', 'Xizang', 'autonomous_region'),
  province('610000', '陕西省', 'Shaanxi', 'province'),
  province('620000', '甘肃省', 'Gansu', 'province'),
  province('630000', '青海省', 'Qinghai', 'province'),
  province('640000', '宁夏回族自治区', 'Ningxia', 'autonomous_region'),
  province('650000', '新疆维吾尔自治区', 'Xinjiang', 'autonomous_region'),
];

function city(code: string, name: string, nameEn: string): Region {
  return { code, name, nameEn, level: 'city', parentCode: `${code.slice(0, 2)}0000` };
}

function county(code: string, name: string, nameEn: string): Region {
  return { code, name, nameEn, level: 'county', parentCode: `${code.slice(0, 4)}00` };
}

/**
 * Prefecture-level cities used by the demo data: Guangdong as the labour-import side, Guizhou and
 * Sichuan as labour-export sides (十二 cross-region cooperation; 广东–贵州 is an east–west
 * cooperation pairing).
 */
export const DEMO_CITIES: readonly Region[] = [
  city('440100', '广州市', 'Guangzhou'),
  city('440300', '深圳市', 'Shenzhen'),
  city('441900', '东莞市', 'Dongguan'),
  city('510100', '成都市', 'Chengdu'),
  city('510700', '绵阳市', 'Mianyang'),
  city('520100', '贵阳市', 'Guiyang'),
  city('520300', '遵义市', 'Zunyi'),
  city('520500', '毕节市', 'Bijie'),
];

/** A few county-level districts under the demo cities, so county dispatch has something to show. */
export const DEMO_COUNTIES: readonly Region[] = [
  county('440106', '天河区', 'Tianhe District'),
  county('440305', '南山区', 'Nanshan District'),
  county('510107', '武侯区', 'Wuhou District'),
  county('520102', '南明区', 'Nanming District'),
  county('520502', '七星关区', 'Qixingguan District'),
];

function parseTable(
  table: Readonly<Record<string, string>>,
  level: 'city' | 'county',
  parentOf: (code: string, key: string) => string,
): Region[] {
  return Object.entries(table).flatMap(([key, line]) =>
    line.split('|').map((pair) => {
      const [code = '', name = ''] = pair.split(' ');
      return { code, name, nameEn: null, level, parentCode: parentOf(code, key) };
    }),
  );
}

/**
 * Every prefecture-level division of the 27 provinces and autonomous regions (GB/T 2260): 地级市,
 * 地区, 自治州, 盟. The demo cities among them keep their English names.
 */
export const PREFECTURES: readonly Region[] = parseTable(
  PREFECTURE_TABLE,
  'city',
  (_c, key) => key,
).map((r) => DEMO_CITIES.find((d) => d.code === r.code) ?? r);

/**
 * County-level divisions shipped: the four municipalities' districts and counties (their parent is
 * the municipality itself, which has no prefecture level), the counties of the demo's
 * labour-export cities, the county-level cities a province administers directly (parent: the
 * province) and the demo counties.
 */
export const COUNTIES: readonly Region[] = [
  ...parseTable(MUNICIPALITY_DISTRICT_TABLE, 'county', (_c, key) => key),
  ...parseTable(COUNTY_TABLE, 'county', (_c, key) => key),
  ...DEMO_COUNTIES.filter((d) => !Object.values(COUNTY_TABLE).some((l) => l.includes(d.code))),
].map((r) => DEMO_COUNTIES.find((d) => d.code === r.code) ?? r);

/** Every region this package ships, provinces first, then cities, then counties. */
export const REGIONS: readonly Region[] = [...PROVINCES, ...PREFECTURES, ...COUNTIES];

const REGIONS_BY_CODE: ReadonlyMap<RegionCode, Region> = new Map(
  REGIONS.map((region) => [region.code, region]),
);

/** The shipped region with this code, or null when it is not in the reference data. */
export function findRegion(code: RegionCode): Region | null {
  return REGIONS_BY_CODE.get(code) ?? null;
}

/** True when the first two digits of `code` name one of the 31 provincial-level divisions. */
export function isKnownProvincePrefix(code: string): boolean {
  return PROVINCES.some((p) => p.code.slice(0, 2) === code.slice(0, 2));
}
