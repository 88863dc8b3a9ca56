import type { LabHost } from '../../../lab/lab.js';
import type { ServiceSpec } from '../../../lib/model/topology.js';

/**
 * The Docker provider plugin cannot be downloaded here, so the lab starts each
 * container itself, as `docker_container` would: same name, environment,
 * exposed and published ports and extra hosts, read from the same model the
 * resource is rendered from. Only the image differs: the lab's busybox image,
 * since no registry is reachable.
 */
export async function startContainerAsTheProviderWould(host: LabHost, service: ServiceSpec, image: string): Promise<void> {
  const args = ['run', '-d', '--name', service.name];
  for (const [key, value] of service.environment) args.push('-e', `${key}=${value}`);
  for (const port of service.exposedPorts) args.push('--expose', port.toString());
  for (const p of service.publishedPorts) args.push('-p', `${p.hostIp}:${p.hostPort}:${p.containerPort.toString()}`);
  for (const extra of service.extraHosts) args.push('--add-host', `${extra.hostname}:${extra.address}`);
  await host.docker([...args, image]);
}
