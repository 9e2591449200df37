import { client, unwrap } from './client';
import type { DemandOrder, DemandOrderListQuery, DemandOrderPage, ServingProject } from './types';

export async function listDemandOrders(query: DemandOrderListQuery): Promise<DemandOrderPage> {
  return unwrap(await client.GET('/api/v1/demand-orders/', { params: { query } }));
}

export async function getDemandOrder(id: string): Promise<DemandOrder> {
  return unwrap(await client.GET('/api/v1/demand-orders/{id}', { params: { path: { id } } }));
}

export async function servingProjects(id: string): Promise<ServingProject[]> {
  const page = unwrap(
    await client.GET('/api/v1/demand-orders/{id}/projects', { params: { path: { id } } }),
  );
  return page.items;
}
