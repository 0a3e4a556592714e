// After tsc: copies web/static into web/dist and writes Brotli and gzip twins of every text
// file, which the server sends to browsers that accept them (@fastify/static preCompressed).
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('./dist/', import.meta.url));
cpSync(fileURLToPath(new URL('./static/', import.meta.url)), dist, { recursive: true });
mkdirSync(join(dist, 'vendor'), { recursive: true });
// The ICU MessageFormat library as one ES module (its package ships it so), for the pages' messages (src/i18n.ts).
cpSync(
  fileURLToPath(new URL('../node_modules/intl-messageformat/intl-messageformat.iife.js', import.meta.url)),
  join(dist, 'vendor', 'intl-messageformat.js'),
);
// The QR code generator as its ES module (the passes page, src/pages/passes.ts): a browser cannot resolve its bare name.
cpSync(
  fileURLToPath(new URL('../node_modules/qrcode-generator/dist/qrcode.mjs', import.meta.url)),
  join(dist, 'vendor', 'qrcode-generator.js'),
);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(js|css|html|svg|json)$/.test(name)) yield path;
  }
}

let raw = 0;
let br = 0;
for (const path of files(dist)) {
  const body = readFileSync(path);
  const b = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  writeFileSync(`${path}.br`, b);
  writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
  raw += body.length;
  br += b.length;
}
console.log(`web/dist: ${raw} bytes, ${br} with Brotli`);
