/* global process, Buffer */
// Renders an OpenAPI document (JSON on stdin) as TypeScript types (stdout) with openapi-typescript.
// A plain ES module run as its own process: openapi-typescript's dependencies are ESM-only,
// which jest's CommonJS runtime cannot load.
import openapiTS, { astToString } from 'openapi-typescript';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const ast = await openapiTS(JSON.parse(Buffer.concat(chunks).toString('utf8')), { alphabetize: true });
process.stdout.write(astToString(ast));
