import type { Occupation } from '../occupation.js';
import type { SectorCode } from './sectors.js';

/** An entry of the demo catalogue: flagged `demo`, and tagged with the sector it illustrates. */
export interface DemoOccupation extends Occupation {
  demo: true;
  sector: SectorCode;
}

function demo(code: string, name: string, sector: SectorCode, category: string): DemoOccupation {
  return { code, name, category, sector, demo: true };
}

/**
 * DEMO ONLY — a small occupation catalogue for demos and tests, covering the six sectors (二).
 * Codes and names follow the 职业分类大典 as best known at writing but were not checked against
 * the official text; production imports the full catalogue with {@link parseOccupationCsv}.
 */
export const DEMO_OCCUPATIONS: readonly DemoOccupation[] = [
  demo('6-30-99-00', '工业机器人系统操作员', 'advanced_manufacturing', '生产制造及有关人员'),
  demo('6-31-01-10', '工业机器人系统运维员', 'advanced_manufacturing', '生产制造及有关人员'),
  demo('6-18-01-01', '数控车工', 'advanced_manufacturing', '生产制造及有关人员'),
  demo('6-18-02-04', '焊工', 'advanced_manufacturing', '生产制造及有关人员'),
  demo('6-31-01-03', '电工', 'advanced_manufacturing', '生产制造及有关人员'),
  demo('6-22-02-01', '汽车装调工', 'advanced_manufacturing', '生产制造及有关人员'),
  demo('2-02-38-03', '大数据工程技术人员', 'digital_economy', '专业技术人员'),
  demo('4-04-05-05', '人工智能训练师', 'digital_economy', '社会生产服务和生活服务人员'),
  demo('4-04-04-02', '网络与信息安全管理员', 'digital_economy', '社会生产服务和生活服务人员'),
  demo('4-99-00-00', '无人机驾驶员', 'low_altitude_economy', '社会生产服务和生活服务人员'),
  demo('4-02-07-02', '快递员', 'transport', '社会生产服务和生活服务人员'),
  demo('5-05-01-02', '农业经理人', 'agriculture_rural', '农、林、牧、渔业生产及辅助人员'),
  demo('4-10-01-05', '养老护理员', 'life_services', '社会生产服务和生活服务人员'),
  demo('4-10-01-06', '家政服务员', 'life_services', '社会生产服务和生活服务人员'),
  demo('4-03-02-01', '中式烹调师', 'life_services', '社会生产服务和生活服务人员'),
];

/** A demo occupation by code, or null. */
export function findDemoOccupation(code: string): DemoOccupation | null {
  return DEMO_OCCUPATIONS.find((o) => o.code === code) ?? null;
}
