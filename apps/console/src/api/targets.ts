import { client, unwrap } from './client';
import type { Body, Ok } from './types';

export type RegionalTarget = Ok<'/api/v1/targets/', 'get'>['items'][number];
export type TargetUpsert = Body<'/api/v1/targets/', 'put'>;
export type PaceReminder = Body<'/api/v1/targets/pace-reminders', 'post'>;

/** Regional targets within the user's scope (十九). */
export async function targets(regionCode?: string): Promise<RegionalTarget[]> {
  const query = regionCode ? { regionCode } : {};
  return unwrap(await client.GET('/api/v1/targets/', { params: { query } })).items;
}

/** Sets or adjusts a target: one per region, period, measure, sector and key group. */
export async function setTarget(body: TargetUpsert): Promise<RegionalTarget> {
  return unwrap(await client.PUT('/api/v1/targets/', { body }));
}

/** Sends a 督促提醒 to a region behind pace (二十); the API audits it. */
export async function sendPaceReminder(body: PaceReminder) {
  return unwrap(await client.POST('/api/v1/targets/pace-reminders', { body }));
}
