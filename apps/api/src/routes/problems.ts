import { Problem } from '@qiancheng/contracts';

/** The problem+json responses a route can give, for its schema (and so the OpenAPI document). */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    [400, 401, 429, 500, ...statuses].map((status) => [status, Problem]),
  ) as Record<number, typeof Problem>;
}

export const USER_SECURITY = [{ bearer: [] }];
export const ENTERPRISE_SECURITY = [{ apiKey: [] }];
