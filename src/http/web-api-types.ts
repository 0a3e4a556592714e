import openapiTS, { astToString } from 'openapi-typescript';

/** The web UI's view of the API's types, generated from docs/openapi.json (`npm run openapi`; openapi.test.ts keeps it in step). */
export const WEB_API_TYPES_PATH = new URL('../../web/src/api.gen.d.ts', import.meta.url);

/** TypeScript types for every route of the OpenAPI document `doc` (its JSON text), with a header naming where they come from. */
export async function webApiTypes(doc: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(doc) as Parameters<typeof openapiTS>[0]);
  return `// Generated from docs/openapi.json by \`npm run openapi\` (openapi-typescript); do not edit.\n\n${astToString(ast)}`;
}
