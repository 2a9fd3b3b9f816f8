/**
 * What a page still holds, for tests that a wipe forgets a person: strings in its JavaScript
 * heap (a snapshot taken over the DevTools protocol after a garbage collection), and its storage.
 */
import type { Page } from 'playwright-core';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** A string found in the heap, and how it is reached from the GC roots (`node -[edge]-> node ...`). */
export interface HeapHit {
  text: string;
  path: string;
}

/**
 * Heap strings containing any of `needles` that are reachable from the GC roots without
 * following a named edge in `ignoreEdges` (e.g. a library's internal back-links that it drops
 * only at a later render), each with one shortest retaining path, for a failure to say who
 * keeps it.
 */
export async function heapHits(page: Page, needles: readonly string[], ignoreEdges: readonly string[] = []): Promise<HeapHit[]> {
  const cdp = await page.context().newCDPSession(page);
  let json = '';
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => (json += e.chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const { snapshot, nodes, edges, strings } = JSON.parse(json) as HeapSnapshot;
  const { meta } = snapshot;
  const nodeWidth = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const [edgeCount, nodeName, nodeType] = [meta.node_fields.indexOf('edge_count'), meta.node_fields.indexOf('name'), meta.node_fields.indexOf('type')];
  const [edgeType, edgeName, edgeTo] = [meta.edge_fields.indexOf('type'), meta.edge_fields.indexOf('name_or_index'), meta.edge_fields.indexOf('to_node')];
  const named = new Set(['context', 'property', 'internal', 'shortcut'].map((t) => meta.edge_types[0].indexOf(t)));
  const weak = meta.edge_types[0].indexOf('weak');
  const ignored = new Set(ignoreEdges);
  const firstEdge: number[] = [];
  for (let n = 0, e = 0; n < nodes.length; n += nodeWidth) {
    firstEdge.push(e);
    e += nodes[n + edgeCount]! * edgeWidth;
  }
  const edgeLabel = (edge: number) => (named.has(edges[edge + edgeType]!) ? strings[edges[edge + edgeName]!]! : `[${edges[edge + edgeName]}]`);
  // Breadth-first from the snapshot's root (node 0) over strong edges; `via` is the edge that first reached a node.
  const via = new Int32Array(firstEdge.length).fill(-1);
  const from = new Int32Array(firstEdge.length).fill(-1);
  const seen = new Uint8Array(firstEdge.length);
  const queue = [0];
  seen[0] = 1;
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (let k = 0; k < nodes[node * nodeWidth + edgeCount]!; k++) {
      const edge = firstEdge[node]! + k * edgeWidth;
      const type = edges[edge + edgeType]!;
      if (type === weak || (named.has(type) && ignored.has(strings[edges[edge + edgeName]!]!))) continue;
      const to = edges[edge + edgeTo]! / nodeWidth;
      if (!seen[to]) {
        seen[to] = 1;
        via[to] = edge;
        from[to] = node;
        queue.push(to);
      }
    }
  }
  const name = (n: number) => strings[nodes[n * nodeWidth + nodeName]!]!;
  const retainedBy = (n: number): string => {
    const steps: string[] = [];
    for (let at = n; from[at]! >= 0; at = from[at]!) steps.unshift(`-[${edgeLabel(via[at]!)}]-> ${name(at).slice(0, 60)}`);
    return `${name(0)} ${steps.join(' ')}`;
  };
  const stringType = meta.node_types[0].indexOf('string');
  const found: HeapHit[] = [];
  for (let n = 0; n < firstEdge.length; n++) {
    const text = name(n);
    if (seen[n] && nodes[n * nodeWidth + nodeType] === stringType && needles.some((x) => text.includes(x))) found.push({ text, path: retainedBy(n) });
  }
  return found;
}

/** The strings of `heapHits`. */
export async function heapStringsWith(page: Page, needles: readonly string[], ignoreEdges: readonly string[] = []): Promise<string[]> {
  return (await heapHits(page, needles, ignoreEdges)).map((h) => h.text);
}

/**
 * Everything the page's origin keeps in storage, as text: local and session storage, every
 * IndexedDB database's records, and the Cache Storage entries (the service worker's). A wipe
 * that leaves a person there leaves them for the next one at the screen.
 */
export function storedText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        out.push(JSON.stringify(rows));
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) out.push(request.url, (await (await cache.match(request))?.text()) ?? '');
    }
    return out.join('\n');
  });
}
