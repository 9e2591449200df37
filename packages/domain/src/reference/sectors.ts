/** The six sector programmes of the action (二, paragraphs 一–六). */
export const SECTOR_CODES = [
  'advanced_manufacturing',
  'digital_economy',
  'low_altitude_economy',
  'transport',
  'agriculture_rural',
  'life_services',
] as const;

export type SectorCode = (typeof SECTOR_CODES)[number];

/** A field (focus area) within a sector, as the policy names it. */
export interface SectorField {
  code: string;
  name: string;
  nameEn: string;
}

/** A sector programme with the fields the policy names for it. */
export interface Sector {
  code: SectorCode;
  name: string;
  nameEn: string;
  /** The policy paragraph that defines it, e.g. `(一)`. */
  section: string;
  fields: readonly SectorField[];
}

function field(code: string, name: string, nameEn: string): SectorField {
  return { code, name, nameEn };
}

/** The six sectors (二) with their fields, in policy order. */
export const SECTORS: readonly Sector[] = [
  {
    code: 'advanced_manufacturing',
    name: '先进制造业',
    nameEn: 'Advanced manufacturing',
    section: '(一)',
    fields: [
      field('intelligent_equipment', '智能装备制造', 'Intelligent equipment manufacturing'),
      field('aerospace', '航空航天', 'Aerospace'),
      field('new_energy_vehicles', '新能源汽车', 'New-energy vehicles'),
      field('electronic_information', '电子信息', 'Electronic information'),
      field('biomedicine', '生物医药', 'Biomedicine'),
      field('bio_manufacturing', '生物制造', 'Bio-manufacturing'),
      field('next_gen_communications', '新一代通信技术', 'Next-generation communications'),
      field('deep_sea', '深海科技', 'Deep-sea technology'),
    ],
  },
  {
    code: 'digital_economy',
    name: '数字经济',
    nameEn: 'Digital economy',
    section: '(二)',
    fields: [
      field('big_data', '大数据', 'Big data'),
      field('embodied_intelligence', '具身智能', 'Embodied intelligence'),
      field('data_security', '数据安全', 'Data security'),
      field('digital_engineers', '数字工程师', 'Digital engineers'),
    ],
  },
  {
    code: 'low_altitude_economy',
    name: '低空经济',
    nameEn: 'Low-altitude economy',
    section: '(三)',
    fields: [
      field('aircraft_rd_manufacturing', '低空飞行器研发制造', 'Aircraft R&D and manufacturing'),
      field('infrastructure_operation', '基础设施建设运营', 'Infrastructure build and operation'),
      field(
        'flight_operation_support',
        '飞行操作和服务保障',
        'Flight operation and service support',
      ),
      field('applications', '低空经济场景应用', 'Low-altitude applications'),
    ],
  },
  {
    code: 'transport',
    name: '交通运输',
    nameEn: 'Transport',
    section: '(四)',
    fields: [
      field('road', '公路', 'Road'),
      field('waterway', '水运', 'Waterway'),
      field('rail', '铁路', 'Rail'),
      field('civil_aviation', '民航', 'Civil aviation'),
      field('postal_express', '邮政快递', 'Postal and express delivery'),
      field('transport_services', '运输服务', 'Transport services'),
    ],
  },
  {
    code: 'agriculture_rural',
    name: '农业农村',
    nameEn: 'Agriculture and rural areas',
    section: '(五)',
    fields: [
      field('high_quality_farmers', '高素质农民', 'High-quality farmers'),
      field('rural_craftsmen', '乡村工匠', 'Rural craftsmen'),
      field('rural_talent_leaders', '农村实用人才带头人', 'Rural practical-talent leaders'),
    ],
  },
  {
    code: 'life_services',
    name: '生活服务业',
    nameEn: 'Life services',
    section: '(六)',
    fields: [
      field('elderly_care', '养老服务', 'Elderly care'),
      field('housekeeping', '家政服务', 'Housekeeping'),
      field('long_term_care', '长期照护', 'Long-term care'),
      field('culture_tourism', '文化和旅游', 'Culture and tourism'),
      field('cultural_relics', '文物保护利用', 'Cultural relics'),
      field('intangible_heritage', '非物质文化遗产保护利用', 'Intangible cultural heritage'),
    ],
  },
];

/** True when `value` is one of the six sector codes. */
export function isSectorCode(value: unknown): value is SectorCode {
  return typeof value === 'string' && (SECTOR_CODES as readonly string[]).includes(value);
}

/** The sector with this code. */
export function sectorByCode(code: SectorCode): Sector {
  const sector = SECTORS.find((s) => s.code === code);
  // SECTORS covers every SectorCode (checked by a test), so this cannot be reached.
  if (!sector) throw new Error(`unknown sector ${code}`);
  return sector;
}
