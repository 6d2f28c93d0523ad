/**
 * Lays out the site map on a thread of its own (see layout-cache.ts): the one message it gets is
 * layoutGraph's arguments, the one it sends back is the placed nodes.
 */
import { parentPort } from 'node:worker_threads';
import { layoutGraph } from '../lib/graph-layout.ts';

parentPort!.once('message', ({ nodes, edges, opts }: { nodes: never; edges: never; opts: never }) => {
  parentPort!.postMessage(layoutGraph(nodes, edges, opts));
});
