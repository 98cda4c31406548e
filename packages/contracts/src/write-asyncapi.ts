import { writeFile } from 'node:fs/promises';
import { asyncApiDocument } from './asyncapi.ts';

await writeFile(new URL('../asyncapi.json', import.meta.url), `${JSON.stringify(asyncApiDocument(), null, 2)}\n`);
console.log('packages/contracts/asyncapi.json written');
