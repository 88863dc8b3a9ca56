import type { JsonObject, TerraformJson } from './docker-stand-ins.js';
import { runCommand } from './lab.js';

/**
 * The lab deploys containers from the synthesized JSON; this reads both sides
 * in one shape, so a test can check that Docker runs each container as the
 * JSON says: its environment, published ports, addresses and network MTU.
 */

/** A container as the JSON describes it, or as Docker runs it. */
export interface ContainerFacts {
  /** The `DOCKER_HOST` of its engine (the provider block's `host`). */
  readonly dockerHost: string;
  readonly name: string;
  /** Its environment, sorted (Docker's default `PATH` left out). */
  readonly env: readonly string[];
  /** Published ports as `ip:external->internal/protocol`, sorted. */
  readonly ports: readonly string[];
  /** Each network it is on, by name: its address there, the network's MTU option and its interface's MTU. */
  readonly networks: ReadonlyArray<{ readonly network: string; readonly address: string; readonly mtuOption: string; readonly interfaceMtu: string }>;
}

const MTU_OPTION = 'com.docker.network.driver.mtu';
const NETWORK_NAME = /^\$\{docker_network\.([^.}]+)\.name\}$/;

/** Every `docker_container` of a synthesized configuration, as its JSON says it runs. */
export function containersInJson(config: TerraformJson): ContainerFacts[] {
  const resources = config.resource ?? {};
  const providers = ((config.provider as { docker?: JsonObject[] } | undefined)?.docker ?? []).map((block) => [block.alias ?? '', block.host] as const);
  const hosts = new Map(providers);
  return Object.values(resources.docker_container ?? {}).map((container) => {
    const alias = String(container.provider ?? 'docker').replace(/^docker\.?/, '');
    const networks = ((container.networks_advanced ?? []) as JsonObject[]).map((membership) => {
      const id = NETWORK_NAME.exec(String(membership.name))?.[1];
      const network = id ? resources.docker_network?.[id] : undefined;
      const mtu = String((network?.options as JsonObject | undefined)?.[MTU_OPTION] ?? '');
      return { network: String(network?.name ?? membership.name), address: String(membership.ipv4_address ?? ''), mtuOption: mtu, interfaceMtu: mtu || '1500' };
    });
    const ports = ((container.ports ?? []) as JsonObject[]).map((p) => `${p.ip ?? '0.0.0.0'}:${p.external}->${p.internal}/${p.protocol ?? 'tcp'}`);
    return {
      dockerHost: String(hosts.get(alias)),
      name: String(container.name),
      env: ((container.env ?? []) as string[]).slice().sort(),
      ports: ports.sort(),
      networks: networks.sort((a, b) => a.network.localeCompare(b.network)),
    };
  });
}

/** The same containers as Docker runs them (read with `docker inspect` and from inside each container). */
export async function containersInDocker(containers: readonly ContainerFacts[]): Promise<ContainerFacts[]> {
  const facts: ContainerFacts[] = [];
  for (const { dockerHost, name } of containers) {
    const docker = async (args: string[]) => (await runCommand('docker', args, { env: { DOCKER_HOST: dockerHost } })).stdout;
    const inspected = JSON.parse(await docker(['container', 'inspect', name]))[0];
    const links = await docker(['exec', name, 'ip', '-o', 'link']);
    const networks = [];
    for (const [network, endpoint] of Object.entries(inspected.NetworkSettings.Networks as Record<string, { IPAddress: string; MacAddress: string }>)) {
      const options = JSON.parse(await docker(['network', 'inspect', '--format', '{{json .Options}}', network])) ?? {};
      const link = links.split('\n').find((line) => line.includes(endpoint.MacAddress.toLowerCase()));
      networks.push({ network, address: endpoint.IPAddress, mtuOption: options[MTU_OPTION] ?? '', interfaceMtu: / mtu (\d+) /.exec(link ?? '')?.[1] ?? 'no interface' });
    }
    const bindings = Object.entries((inspected.NetworkSettings.Ports ?? {}) as Record<string, Array<{ HostIp: string; HostPort: string }> | null>);
    facts.push({
      dockerHost,
      name,
      env: ((inspected.Config.Env ?? []) as string[]).filter((variable) => !variable.startsWith('PATH=')).sort(),
      ports: bindings.flatMap(([port, bound]) => (bound ?? []).map((b) => `${b.HostIp}:${b.HostPort}->${port}`)).sort(),
      networks: networks.sort((a, b) => a.network.localeCompare(b.network)),
    });
  }
  return facts;
}
