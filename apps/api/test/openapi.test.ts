import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../scripts/openapi-document.js';

describe('the OpenAPI document', () => {
  it('is the one the console’s client was generated from (else: pnpm --filter @qiancheng/api run openapi, then the console’s gen:api)', async () => {
    const saved = JSON.parse(
      await readFile(new URL('../../console/openapi.json', import.meta.url), 'utf8'),
    );
    expect(JSON.parse(JSON.stringify(await openApiDocument()))).toEqual(saved);
  });
});
