#!/usr/bin/env node
// Type-checks every tsconfig*.json of every workspace and of bench/: each runtime has its own,
// so the browser code is checked without Node's types and the common layer without either.
// `npm run typecheck` and `npm test` both run this.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const { workspaces } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const projects = [...workspaces, 'bench'].flatMap((ws) =>
  existsSync(path.join(root, ws))
    ? readdirSync(path.join(root, ws)).filter((f) => /^tsconfig(\..+)?\.json$/.test(f)).map((f) => path.join(ws, f))
    : [],
);
let ok = true;
for (const p of projects) {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', p], { cwd: root, stdio: 'inherit' });
  console.error(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${p}`);
  if (r.status !== 0) ok = false;
}
process.exit(ok ? 0 : 1);
