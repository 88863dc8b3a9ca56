/**
 * The canonical, reviewable picture of one stack's network: what `topology.json`
 * holds. Plain data in a stable order (sorted by name), free of construct
 * internals, so two synths of the same code give the same bytes and a change in
 * the code shows up as a change here.
 */

import type { z } from 'zod';
import {
  TOPOLOGY_SCHEMA_VERSION,
  type topologyDocumentSchema,
  type topologyFabricHostSchema,
  type topologyFabricSchema,
  type topologyHostObjectSchema,
  type topologyHostSchema,
  type topologyMeshEngineSchema,
  type topologyNetworkSchema,
  type topologyOvnEngineSchema,
  type topologyPublishedPortSchema,
  type topologyServiceSchema,
} from './topology-schema.js';

export { TOPOLOGY_SCHEMA_VERSION };

// The types are the schema's (topology-schema.ts holds the fields and their docs):
// what the library writes and what the CLI accepts cannot drift apart.
export interface TopologyHost extends z.infer<typeof topologyHostSchema> {}
export interface TopologyHostObject extends z.infer<typeof topologyHostObjectSchema> {}
/** How `verify` and `repair` reach a host: the same way its provisioners do. */
export type TopologyHostReach = NonNullable<TopologyHost['reach']>;
export interface TopologyPublishedPort extends z.infer<typeof topologyPublishedPortSchema> {}
export interface TopologyService extends z.infer<typeof topologyServiceSchema> {}
export interface TopologyNetwork extends z.infer<typeof topologyNetworkSchema> {}
export interface TopologyFabric extends z.infer<typeof topologyFabricSchema> {}
export interface TopologyFabricHost extends z.infer<typeof topologyFabricHostSchema> {}
export interface TopologyMeshEngine extends z.infer<typeof topologyMeshEngineSchema> {}
export interface TopologyOvnEngine extends z.infer<typeof topologyOvnEngineSchema> {}
/** How a fabric carries traffic between its hosts: `engine.type` tells which. */
export type TopologyFabricEngine = TopologyMeshEngine | TopologyOvnEngine;
export interface TopologyDocument extends z.infer<typeof topologyDocumentSchema> {}

const byName = <T extends { name: string }>(a: T, b: T) => compare(a.name, b.name);

/** Plain code-point order, the same on every machine (no locale). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The document with every list in its canonical order. */
export function canonicalTopology(document: TopologyDocument): TopologyDocument {
  return {
    schemaVersion: TOPOLOGY_SCHEMA_VERSION,
    stack: document.stack,
    hosts: [...document.hosts]
      .map((h) => (h.objects ? { ...h, objects: [...h.objects].sort((a, b) => compare(a.kind, b.kind) || byName(a, b)) } : h))
      .sort(byName),
    networks: [...document.networks].sort((a, b) => compare(a.host, b.host) || byName(a, b)),
    services: [...document.services]
      .map((s) => ({
        ...s,
        addresses: [...s.addresses].sort((a, b) => compare(a.network, b.network)),
        exposedPorts: [...s.exposedPorts].sort(),
        publishedPorts: [...s.publishedPorts].sort((a, b) => a.hostPort - b.hostPort || compare(a.hostIp, b.hostIp) || compare(a.containerPort, b.containerPort)),
        links: [...s.links].sort((a, b) => compare(a.alias, b.alias)),
      }))
      .sort((a, b) => compare(a.host, b.host) || byName(a, b)),
    fabrics: [...document.fabrics]
      .map((f) => ({
        ...f,
        hosts: [...f.hosts].sort(byName),
        engine: canonicalEngine(f.engine),
      }))
      .sort(byName),
  };
}

/**
 * An engine with its lists in canonical order. The central's hosts and
 * addresses keep theirs: the first of them bootstraps the cluster.
 */
function canonicalEngine(engine: TopologyFabricEngine): TopologyFabricEngine {
  switch (engine.type) {
    case 'mesh':
      return { ...engine, tunnels: [...engine.tunnels].sort((a, b) => compare(a.between.join(' '), b.between.join(' '))) };
    case 'ovn':
      return { ...engine, chassis: [...engine.chassis].sort((a, b) => compare(a.host, b.host)) };
  }
}

/** `topology.json`: canonical order, two-space indentation, a final newline. */
export function topologyJson(document: TopologyDocument): string {
  return `${JSON.stringify(canonicalTopology(document), null, 2)}\n`;
}
