import type { LabHost } from './lab.js';
import type { ServiceSpec } from '../lib/model/topology.js';

/**
 * The Docker provider plugin cannot be downloaded here, so the lab starts each
 * container itself, as `docker_container` would: same name, environment,
 * exposed and published ports and extra hosts, read from the same model the
 * resource is rendered from. Only the image differs: the lab's busybox image,
 * since no registry is reachable.
 */
export async function startContainerAsTheProviderWould(
  host: LabHost,
  service: ServiceSpec,
  image: string,
  network?: { readonly name: string; readonly address: string },
): Promise<void> {
  const args = ['run', '-d', '--name', service.name];
  if (network) args.push('--network', network.name, '--ip', network.address);
  for (const [key, value] of service.environment) args.push('-e', `${key}=${value}`);
  for (const port of service.exposedPorts) args.push('--expose', port.toString());
  for (const p of service.publishedPorts) args.push('-p', `${p.hostIp}:${p.hostPort}:${p.containerPort.toString()}`);
  for (const extra of service.extraHosts) args.push('--add-host', `${extra.hostname}:${extra.address}`);
  await host.docker([...args, image]);
}

/** A Docker bridge network with the settings a fabric's `docker_network` gets on this host. */
export async function createNetworkAsTheProviderWould(
  host: LabHost,
  settings: { name: string; subnet: string; gateway: string; ipRange: string; bridgeName: string; mtu: number },
): Promise<void> {
  await host.docker([
    'network', 'create', '--driver', 'bridge',
    '--subnet', settings.subnet, '--gateway', settings.gateway, '--ip-range', settings.ipRange,
    '-o', `com.docker.network.bridge.name=${settings.bridgeName}`,
    '-o', `com.docker.network.driver.mtu=${settings.mtu}`,
    settings.name,
  ]);
}
