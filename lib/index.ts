/**
 * cdktf-docker-network: CDK for Terraform constructs that turn a container
 * topology into Docker resources and host-networking provisioners.
 */

// Constructs
export { Connectivity } from './constructs/connectivity.js';
export { DockerHost, type DockerHostProps } from './constructs/docker-host.js';
export {
  EncompassStack,
  type EncompassImages,
  type EncompassStackProps,
} from './constructs/encompass-stack.js';
export {
  Service,
  type LinkOptions,
  type PublishOptions,
  type ServiceLink,
  type ServiceProps,
} from './constructs/service.js';

// Model (plain data and functions, no cdktf)
export { ContainerPort, PROTOCOLS, type Protocol } from './model/container-port.js';
export { legacyLinkEnvironment, linkEnvironmentPrefix, type LegacyLinkInput } from './model/legacy-link-environment.js';
export type { Problem } from './model/problem.js';
export type {
  ExtraHostSpec,
  HostSpec,
  LinkSpec,
  PublishedPortSpec,
  ServiceSpec,
  TopologySpec,
} from './model/topology.js';
