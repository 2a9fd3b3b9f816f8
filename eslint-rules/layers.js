// Runtime layers: every source file belongs to exactly one, and a layer imports only
// from the layers it is allowed to. The layers and their edges are data, kept here.
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Which layers each layer may import. Nothing but electron-main imports electron-main. */
export const ALLOWED = {
  common: ['common'],
  node: ['common', 'node'],
  'electron-main': ['common', 'node', 'electron-main'],
  preload: ['common', 'preload'],
  browser: ['common', 'browser'],
};

/** Layer of a source file from its path (relative to the repo root), or undefined. */
export function layerOf(relPath) {
  const p = relPath.split(path.sep).join('/');
  if (p.startsWith('protocol/src/')) return 'common';
  const m = /\/src\/(common|node|electron-main|preload|browser)\//.exec(p);
  if (m) return m[1];
  if (p.startsWith('admin-web/server/src/')) return 'node';
  if (p.startsWith('admin-web/ui/src/')) return 'browser';
  return undefined;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const NODE_ONLY = [/^serialport$/, /^@serialport\//, /^node-hid$/, /^better-sqlite3$/, /^fastify$/, /^@fastify\//, /^pg$/, /^ws$/, /^iconv-lite$/, /^@napi-rs\//, /^prom-client$/, /^playwright-core$/, /^tsx(\/|$)/];
const BROWSER_ONLY = [/^preact(\/|$)/, /^@preact\//, /^dexie$/, /^workbox-/, /^i18next$/, /^axe-core$/];
const ELECTRON = [/^electron(\/|$)/];
/** The only third-party packages pure common code may use. */
const COMMON_PACKAGES = [/^zod(\/|$)/];

const WORKSPACE_PACKAGES = {
  '@civic-kiosk/protocol/': 'protocol/src/common/',
  '@civic-kiosk/device-drivers/common/': 'device-drivers/src/common/',
  '@civic-kiosk/device-drivers/node/': 'device-drivers/src/node/',
};

function packageLayerError(layer, spec) {
  const isBuiltin = NODE_BUILTINS.has(spec) || spec.startsWith('node:');
  if (ELECTRON.some((r) => r.test(spec))) {
    return layer === 'electron-main' || layer === 'preload' ? undefined : `'${spec}' is only for electron-main and preload`;
  }
  if (isBuiltin || NODE_ONLY.some((r) => r.test(spec))) {
    return layer === 'node' || layer === 'electron-main' ? undefined : `'${spec}' needs Node and may not be used in the ${layer} layer`;
  }
  if (BROWSER_ONLY.some((r) => r.test(spec))) {
    return layer === 'browser' ? undefined : `'${spec}' is a browser package and may not be used in the ${layer} layer`;
  }
  if (layer === 'common' && !COMMON_PACKAGES.some((r) => r.test(spec))) {
    return `'${spec}' is not on the list of packages pure common code may use`;
  }
  return undefined;
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the runtime layers (common, node, electron-main, preload, browser).' },
    schema: [],
  },
  create(context) {
    const file = path.relative(root, context.filename);
    const layer = layerOf(file);
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (!layer) return;
      let target;
      if (spec.startsWith('.')) {
        target = path.relative(root, path.resolve(path.dirname(context.filename), spec));
      } else {
        const prefix = Object.keys(WORKSPACE_PACKAGES).find((p) => spec.startsWith(p));
        if (prefix) target = WORKSPACE_PACKAGES[prefix] + spec.slice(prefix.length);
        else if (spec.startsWith('@civic-kiosk/')) {
          context.report({ node, message: `'${spec}' is not an exported layer of a workspace package` });
          return;
        }
      }
      if (target === undefined) {
        const error = packageLayerError(layer, spec);
        if (error) context.report({ node, message: error });
        return;
      }
      const targetLayer = layerOf(target);
      if (!targetLayer) {
        context.report({ node, message: `'${spec}' is outside every runtime layer; source may import only layered code` });
      } else if (!ALLOWED[layer].includes(targetLayer)) {
        context.report({ node, message: `the ${layer} layer may not import the ${targetLayer} layer ('${spec}')` });
      }
    }
    return {
      Program(node) {
        if (!layer) context.report({ node, message: `${file} is in src/ but belongs to no runtime layer (common, node, electron-main, preload, browser)` });
      },
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
