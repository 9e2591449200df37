import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, enterprise, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('api_registries_regions');
});
afterAll(async () => {
  await h?.close();
});

/** GB/T 2260: the 31 provincial-level divisions of the mainland, as published. */
const GB_T_2260_PROVINCES: [string, string][] = [
  ['110000', '北京市'],
  ['120000', '天津市'],
  ['130000', '河北省'],
  ['140000', '山西省'],
  ['150000', '内蒙古自治区'],
  ['210000', '辽宁省'],
  ['220000', '吉林省'],
  ['230000', '黑龙江省'],
  ['310000', '上海市'],
  ['320000', '江苏省'],
  ['330000', '浙江省'],
  ['340000', '安徽省'],
  ['350000', '福建省'],
  ['360000', '江西省'],
  ['370000', '山东省'],
  ['410000', '河南省'],
  ['420000', '湖北省'],
  ['430000', '湖南省'],
  ['440000', '广东省'],
  ['450000', '广西壮族自治区'],
  ['460000', '海南省'],
  ['500000', '重庆市'],
  ['510000', '四川省'],
  ['520000', '贵州省'],
  ['530000', '云南省'],
  ['540000', '西藏自治区'],
  ['610000', '陕西省'],
  ['620000', '甘肃省'],
  ['630000', '青海省'],
  ['640000', '宁夏回族自治区'],
  ['650000', '新疆维吾尔自治区'],
];

async function get(url: string, user = 'pm.dongguan') {
  return h.app.inject({ method: 'GET', url, headers: await h.as(user) });
}

describe('the regions registry (GB/T 2260)', () => {
  it('reads the 31 provincial divisions with the codes and official names of GB/T 2260', async () => {
    const response = await get('/api/v1/regions?level=province&pageSize=100');
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page.total).toBe(31);
    expect(page.items.map((r: { code: string; name: string }) => [r.code, r.name])).toEqual(
      GB_T_2260_PROVINCES,
    );
    expect(page.items.every((r: { parentCode: null }) => r.parentCode === null)).toBe(true);
  });

  it('lists every prefecture-level division of a province, e.g. Guizhou’s 9', async () => {
    const response = await get('/api/v1/regions?parentCode=520000&level=city');
    expect(response.json().items.map((r: { name: string }) => r.name)).toEqual([
      '贵阳市',
      '六盘水市',
      '遵义市',
      '安顺市',
      '毕节市',
      '铜仁市',
      '黔西南布依族苗族自治州',
      '黔东南苗族侗族自治州',
      '黔南布依族苗族自治州',
    ]);
    const all = await get('/api/v1/regions?level=city&pageSize=1');
    expect(all.json().total).toBe(333);
  });

  it('searches by the start of a code or by part of a name, and pages the result', async () => {
    const byName = await get(`/api/v1/regions?q=${encodeURIComponent('黔西')}`);
    expect(byName.json().items.map((r: { code: string }) => r.code)).toEqual(['520522', '522300']);
    const byCode = await get('/api/v1/regions?q=5205&pageSize=3&page=2');
    const page = byCode.json();
    expect(page).toMatchObject({ total: 9, page: 2, pageSize: 3 });
    expect(page.items.map((r: { code: string }) => r.code)).toEqual(['520522', '520523', '520524']);
  });

  it('shows a county with its city and province above it', async () => {
    const response = await get('/api/v1/regions/520522');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      code: '520522',
      name: '黔西市',
      level: 'county',
      parentCode: '520500',
      ancestors: [
        { code: '520000', name: '贵州省' },
        { code: '520500', name: '毕节市' },
      ],
      children: [],
    });
    expect((await get('/api/v1/regions/520500')).json().children).toHaveLength(8);
  });

  it('refuses malformed queries and answers 404 for a code it does not hold', async () => {
    expect((await get('/api/v1/regions?level=town')).statusCode).toBe(400);
    expect((await get('/api/v1/regions?parentCode=52')).statusCode).toBe(400);
    expect((await get(`/api/v1/regions?q=${'9'.repeat(61)}`)).statusCode).toBe(400);
    expect((await get('/api/v1/regions?pageSize=0')).statusCode).toBe(400);
    expect((await get('/api/v1/regions/12345')).statusCode).toBe(400);
    const missing = await get('/api/v1/regions/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
  });

  it('is read only by signed-in users', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/api/v1/regions' });
    expect(response.statusCode).toBe(401);
  });

  it('accepts a real county code such as 520522 黔西市 where a region is asked for', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers: { ...enterprise, 'idempotency-key': 'qianxi-county-order' },
      payload: {
        occupationCode: '6-30-99-00',
        headcount: 5,
        requiredLevel: 'intermediate',
        wageOfferFen: 500000,
        workRegionCode: '520522',
        deadline: '2027-06-30',
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ workRegionCode: '520522' });
  });
});
