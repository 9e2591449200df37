import { client, QUIET, unwrap } from './client';
import type { Body, Ok, Query } from './types';

export type RegionRow = Ok<'/api/v1/regions/', 'get'>['items'][number];
export type RegionDetail = Ok<'/api/v1/regions/{code}', 'get'>;
export type OccupationRow = Ok<'/api/v1/occupations/', 'get'>['items'][number];
export type ProviderRow = Ok<'/api/v1/training-providers/', 'get'>['items'][number];
export type ProviderDetail = Ok<'/api/v1/training-providers/{id}', 'get'>;
export type EvaluationBodyRow = Ok<'/api/v1/evaluation-bodies/', 'get'>['items'][number];
export type EvaluationBodyDetail = Ok<'/api/v1/evaluation-bodies/{id}', 'get'>;
export type CatalogueRow = Ok<'/api/v1/catalogues/', 'get'>['items'][number];
export type CatalogueDetail = Ok<'/api/v1/catalogues/{id}', 'get'>;
export type RegistryQuery = Query<'/api/v1/training-providers/', 'get'>;
export type ProviderCreate = Body<'/api/v1/training-providers/', 'post'>;
export type EvaluationBodyCreate = Body<'/api/v1/evaluation-bodies/', 'post'>;
export type QualificationChange = Body<'/api/v1/training-providers/{id}/qualification', 'post'>;
export type GradeChange = Body<'/api/v1/training-providers/{id}/grade', 'post'>;
export type CatalogueDraftCreate = Body<'/api/v1/catalogues/', 'post'>;
export type CatalogueEntryPut = Body<'/api/v1/catalogues/{id}/entries/{occupationCode}', 'put'>;

/** Registry kinds the console lists: providers (十一) and evaluation bodies (十四). */
export type RegistryKind = 'training-providers' | 'evaluation-bodies';

// ---- regions and occupations (searches from pickers stay quiet: no error toast per keystroke)

export async function searchRegions(query: Query<'/api/v1/regions/', 'get'>) {
  return unwrap(await client.GET('/api/v1/regions/', { params: { query }, headers: QUIET }));
}
export async function regionDetail(code: string) {
  return unwrap(
    await client.GET('/api/v1/regions/{code}', { params: { path: { code } }, headers: QUIET }),
  );
}
export async function searchOccupations(query: Query<'/api/v1/occupations/', 'get'>) {
  return unwrap(await client.GET('/api/v1/occupations/', { params: { query }, headers: QUIET }));
}
export async function importOccupations(body: Body<'/api/v1/occupations/import', 'post'>) {
  return unwrap(await client.POST('/api/v1/occupations/import', { body }));
}

// ---- providers and evaluation bodies -----------------------------------------------------------

/** A page of either registry; rows share the registry fields (name, region, grade, status…). */
export interface RegistryPage {
  items: (ProviderRow | EvaluationBodyRow)[];
  total: number;
  page: number;
  pageSize: number;
}

export async function listRegistry(
  kind: RegistryKind,
  query: RegistryQuery,
): Promise<RegistryPage> {
  return kind === 'training-providers'
    ? unwrap(await client.GET('/api/v1/training-providers/', { params: { query } }))
    : unwrap(await client.GET('/api/v1/evaluation-bodies/', { params: { query } }));
}
export async function registryDetail(
  kind: RegistryKind,
  id: string,
): Promise<ProviderDetail | EvaluationBodyDetail> {
  const params = { path: { id } };
  return kind === 'training-providers'
    ? unwrap(await client.GET('/api/v1/training-providers/{id}', { params }))
    : unwrap(await client.GET('/api/v1/evaluation-bodies/{id}', { params }));
}
export async function registerProvider(body: ProviderCreate) {
  return unwrap(await client.POST('/api/v1/training-providers/', { body }));
}
export async function registerEvaluationBody(body: EvaluationBodyCreate) {
  return unwrap(await client.POST('/api/v1/evaluation-bodies/', { body }));
}
export async function changeQualification(
  kind: RegistryKind,
  id: string,
  body: QualificationChange,
) {
  const params = { path: { id } };
  return kind === 'training-providers'
    ? unwrap(await client.POST('/api/v1/training-providers/{id}/qualification', { params, body }))
    : unwrap(await client.POST('/api/v1/evaluation-bodies/{id}/qualification', { params, body }));
}
export async function changeGrade(kind: RegistryKind, id: string, body: GradeChange) {
  const params = { path: { id } };
  return kind === 'training-providers'
    ? unwrap(await client.POST('/api/v1/training-providers/{id}/grade', { params, body }))
    : unwrap(await client.POST('/api/v1/evaluation-bodies/{id}/grade', { params, body }));
}

// ---- catalogues --------------------------------------------------------------------------------

export async function listCatalogues(query: Query<'/api/v1/catalogues/', 'get'>) {
  return unwrap(await client.GET('/api/v1/catalogues/', { params: { query } }));
}
export async function catalogueDetail(id: string) {
  return unwrap(await client.GET('/api/v1/catalogues/{id}', { params: { path: { id } } }));
}
export async function createCatalogueDraft(body: CatalogueDraftCreate) {
  return unwrap(await client.POST('/api/v1/catalogues/', { body }));
}
export async function putCatalogueEntry(
  id: string,
  occupationCode: string,
  body: CatalogueEntryPut,
) {
  return unwrap(
    await client.PUT('/api/v1/catalogues/{id}/entries/{occupationCode}', {
      params: { path: { id, occupationCode } },
      body,
    }),
  );
}
export async function importCatalogueEntries(id: string, csv: string) {
  return unwrap(
    await client.POST('/api/v1/catalogues/{id}/import', {
      params: { path: { id } },
      body: { csv },
    }),
  );
}
export async function publishCatalogue(id: string) {
  return unwrap(
    await client.POST('/api/v1/catalogues/{id}/publish', { params: { path: { id } }, body: {} }),
  );
}
