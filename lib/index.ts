/**
 * cdktf-docker-network: CDK for Terraform constructs that turn a container
 * topology into Docker resources and host-networking provisioners.
 *
 * Only what users build with is exported here. The wiring between the
 * constructs (engine renderers, host-script resources, static-address
 * attachments, the addressing interface services talk to) stays inside, and
 * the members that carry it have the TSDoc internal tag: they are left out of
 * the API reference (docs/api/) and of the published typings (stripInternal,
 * which drops any declaration whose doc comment holds the tag, so this comment
 * must not spell it).
 *
 * @packageDocumentation
 */

// Constructs
export { AddressMode } from './constructs/address-mode.js';
export { Connectivity } from './constructs/connectivity.js';
export { DockerHost, type DockerHostProps } from './constructs/docker-host.js';
export {
  EncompassStack,
  type EncompassImages,
  type EncompassStackProps,
  type EncompassAddresses,
  type EncompassPlacement,
  type EncompassStaticAddresses,
} from './constructs/encompass-stack.js';
export { HostAgent } from './constructs/host-agent.js';
export {
  OverlayFabric,
  type Datapath,
  type FabricAddressOptions,
  type FabricHostOptions,
  type OverlayFabricProps,
} from './constructs/overlay-fabric.js';
export {
  Encapsulation,
  FabricEngine,
  LoopPrevention,
  Tunnel,
  type MeshEngineOptions,
  type OvnEngineOptions,
} from './constructs/fabric-engine.js';
export { HostAccess, type LabNamespaceAccessOptions, type SshAccessOptions } from './constructs/host-access.js';
export {
  Service,
  type LinkOptions,
  type PublishOptions,
  type ServiceLink,
  type ServiceProps,
  type RestartPolicy,
} from './constructs/service.js';
export { StaticNetwork, type BridgeOptions, type StaticAddressOptions, type StaticNetworkProps } from './constructs/static-network.js';

// Model (plain data and functions, no cdktf)
export { ContainerPort, PROTOCOLS, type Protocol } from './model/container-port.js';
export { legacyLinkEnvironment, linkEnvironmentPrefix, type LegacyLinkInput } from './model/legacy-link-environment.js';
export { planAddresses, subnetsOverlap, type AddressPlan, type AddressRequest, type SubnetSpec } from './model/address-plan.js';
export type { Problem } from './model/problem.js';
export type { BridgeKind } from './model/static-attachment.js';
export { planHostBlocks, type FabricHostPlan, type FabricHostSpec, type FabricBlocksPlan, type FabricBlocksSpec } from './model/fabric-host-blocks.js';
export {
  planOverlayFabric,
  type FabricEngineSpec,
  type OverlayFabricAssignmentInput,
  type OverlayFabricHostInput,
  type OverlayFabricHostPlan,
  type OverlayFabricPlan,
  type OverlayFabricPlanInput,
} from './model/overlay-fabric-plan.js';
export type { MeshEnginePlan, MeshEngineSpec, MeshTunnelPlan } from './model/mesh-engine-plan.js';
export { macForAddress, type OvnCentralPlan, type OvnChassisPlan, type OvnEnginePlan, type OvnEngineSpec, type OvnPortPlan } from './model/ovn-engine-plan.js';
export { planMtu, type MtuPlan, type MtuPlanInput, type MtuPolicy } from './model/tunnel-mtu.js';
export { encapsulationOverhead, TUNNEL_TYPES, type FabricEngineType, type TunnelFacts, type TunnelType } from './model/tunnel-types.js';
export { InvalidInputError } from './model/untyped-input.js';
export { declaredNames, HOST_OBJECT_KINDS, type DeclaredNames, type HostObject, type HostObjectKind } from './model/host-objects.js';
export type {
  ExtraHostSpec,
  HostSpec,
  LinkSpec,
  PublishedPortSpec,
  ServiceSpec,
  TopologySpec,
} from './model/topology.js';

// Reports (plain data and functions, no cdktf)
export { diffTopologies, formatChangesJson, formatChangesMarkdown, formatChangesText, RISKS, type Risk, type TopologyChange } from './report/topology-diff.js';
export {
  canonicalTopology,
  topologyJson,
  TOPOLOGY_SCHEMA_VERSION,
  type TopologyDocument,
  type TopologyFabric,
  type TopologyFabricEngine,
  type TopologyFabricHost,
  type TopologyMeshEngine,
  type TopologyOvnEngine,
  type TopologyHost,
  type TopologyHostObject,
  type TopologyHostReach,
  type TopologyNetwork,
  type TopologyPublishedPort,
  type TopologyService,
} from './report/topology-document.js';
export { READABLE_TOPOLOGY_SCHEMA_VERSIONS, validateTopologyDocument, type TopologyValidation } from './report/validate-topology-document.js';
export { toMermaid } from './report/mermaid.js';
export { toDot } from './report/dot.js';
export { topologyMarkdown } from './report/topology-markdown.js';
