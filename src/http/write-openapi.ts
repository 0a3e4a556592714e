import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPENAPI_PATH, openApiDocument } from './openapi-document.js';

// `npm run openapi`: regenerates docs/openapi.json, which openapi.test.ts keeps in step with the routes.
writeFileSync(OPENAPI_PATH, await openApiDocument());
process.stdout.write(`wrote ${fileURLToPath(OPENAPI_PATH)}\n`);
