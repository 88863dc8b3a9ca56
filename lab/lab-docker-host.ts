import type { Construct } from '../lib/constructs/cdktf.js';
import { DockerHost, HostAccess, type DockerHostProps } from '../lib/index.js';
import type { LabHost } from './lab.js';

/**
 * The `DockerHost` of a lab host, as a user's would be for a real one: its
 * dockerd's socket as the endpoint, host commands entering its network
 * namespace with its environment, and a state directory of its own (lab hosts
 * share one filesystem).
 */
export function labDockerHost(scope: Construct, labHost: LabHost, props: Omit<DockerHostProps, 'endpoint' | 'access' | 'stateDirectory'> = {}): DockerHost {
  return new DockerHost(scope, labHost.name, {
    endpoint: labHost.dockerHost,
    access: HostAccess.labNamespace({ namespace: labHost.namespace, environment: labHost.environment }),
    stateDirectory: labHost.stateDirectory,
    ...props,
  });
}
