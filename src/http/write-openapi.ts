import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPENAPI_PATH, openApiDocument } from './openapi-document.js';
import { WEB_API_TYPES_PATH, webApiTypes } from './web-api-types.js';

// `npm run openapi`: regenerates docs/openapi.json and the web UI's types made from it,
// which openapi.test.ts keeps in step with the routes.
const doc = await openApiDocument();
writeFileSync(OPENAPI_PATH, doc);
writeFileSync(WEB_API_TYPES_PATH, await webApiTypes(doc));
process.stdout.write(`wrote ${fileURLToPath(OPENAPI_PATH)} and ${fileURLToPath(WEB_API_TYPES_PATH)}\n`);
