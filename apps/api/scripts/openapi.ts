// Writes the API's OpenAPI document (what /docs/json serves) to a file, without any service:
// the app is built over stand-ins that are never called. The console's client is generated from
// it (`npm run gen:api`); a test checks the saved copy matches.
import { writeFile } from 'node:fs/promises';
import { openApiDocument } from './openapi-document.js';

const target = process.argv[2];
if (!target) throw new Error('usage: openapi.ts <output.json>');
await writeFile(target, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
console.log(`wrote ${target}`);
