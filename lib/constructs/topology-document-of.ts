import { TerraformStack, type IConstruct } from './cdktf.js';
import { effectiveExposedPorts } from '../model/topology.js';
import { TOPOLOGY_SCHEMA_VERSION, canonicalTopology, compare, type TopologyDocument, type TopologyFabric, type TopologyNetwork } from '../report/topology-document.js';
import { AddressMode } from './address-mode.js';
import { DockerHost } from './docker-host.js';
import { OverlayFabric } from './overlay-fabric.js';
import type { OverlayFabricPlan } from '../model/overlay-fabric-plan.js';
import { Service } from './service.js';
import { StaticNetwork } from './static-network.js';

/** The reviewable topology of the stack holding `scope`, read from its constructs. */
export function topologyDocumentOf(scope: IConstruct): TopologyDocument {
  const stack = TerraformStack.of(scope);
  const all = stack.node.findAll();
  const hosts = all.filter(DockerHost.isDockerHost);
  const services = all.filter(Service.isService);
  const staticNetworks = all.filter(StaticNetwork.isStaticNetwork);
  const fabrics = all.filter(OverlayFabric.isOverlayFabric);

  const networks: TopologyNetwork[] = [
    ...hosts.filter((h) => h.hasLinkNetwork).map((h) => ({ name: h.linkNetworkName, host: h.name, kind: 'links' as const })),
    ...staticNetworks.map((n) => {
      const plan = n.plan();
      const settings = n.provisionerSettings();
      return {
        name: n.networkName,
        host: n.host.name,
        kind: n.mode === AddressMode.NATIVE ? ('static-native' as const) : ('static-provisioner' as const),
        subnet: n.subnet,
        ...(plan.gateway !== undefined ? { gateway: plan.gateway } : {}),
        ...(n.dynamicRange !== undefined ? { dynamicRange: n.dynamicRange } : {}),
        ...(settings ? { bridge: `${settings.bridge.kind}:${settings.bridge.name}`, interfaceName: settings.interfaceName } : {}),
      };
    }),
  ];

  return canonicalTopology({
    schemaVersion: TOPOLOGY_SCHEMA_VERSION,
    stack: stack.node.id,
    hosts: hosts.map((h) => ({
      name: h.name,
      endpoint: h.endpoint,
      access: h.access.kind,
      containers: h.manageContainers ? ('terraform' as const) : ('external' as const),
      reach: h.access.reach(),
      ...(h.agent ? { owner: h.marks().CDN_OWNER, stateDirectory: h.stateDirectory, objects: h.agent.objects() } : {}),
    })),
    networks,
    services: services.map((s) => {
      const spec = s.toSpec();
      return {
        name: s.name,
        host: s.host.name,
        image: spec.image,
        addresses: s.networkAddresses(),
        exposedPorts: effectiveExposedPorts(spec).map((p) => p.toString()),
        publishedPorts: spec.publishedPorts.map((p) => ({ hostIp: p.hostIp, hostPort: p.hostPort, containerPort: p.containerPort.toString() })),
        links: spec.links.map((l) => ({ target: l.target, alias: l.alias })),
      };
    }),
    fabrics: fabrics.map(fabricOf),
  });
}

function fabricOf(fabric: OverlayFabric): TopologyFabric {
  const plan = fabric.plan();
  const { mtu } = plan;
  return {
    name: fabric.name,
    subnet: fabric.subnet,
    datapath: plan.datapath,
    mtu: { container: mtu.containerMtu, underlay: mtu.underlayMtu, overhead: mtu.overhead },
    hosts: plan.hosts.map((h) => ({
      name: h.name,
      block: h.block,
      ...(plan.engine.type === 'mesh' ? { gateway: h.gateway } : {}),
      underlayAddress: h.underlayAddress,
    })),
    engine: engineOf(plan),
  };
}

/** Each engine's own part: the mesh's tunnels per pair of hosts, OVN's control plane and chassis. */
function engineOf(plan: OverlayFabricPlan): TopologyFabric['engine'] {
  const { engine } = plan;
  if (engine.type === 'ovn') {
    return {
      type: 'ovn',
      encapsulation: engine.encapsulation as 'geneve' | 'vxlan',
      logicalSwitch: engine.logicalSwitch,
      central: { hosts: [...engine.central.hosts], addresses: [...engine.central.addresses], clustered: engine.central.clustered },
      chassis: engine.chassis.map((c) => ({ host: c.host, systemId: c.systemId, encapIp: c.encapIp })),
    };
  }
  const names = plan.hosts.map((h) => h.name);
  const tunnels = names.flatMap((a, i) =>
    names.slice(i + 1).map((b) => ({
      between: [a, b].sort(compare) as [string, string],
      type: engine.tunnel as 'gre' | 'vxlan',
      key: engine.key,
      mtu: plan.mtu.containerMtu,
    })),
  );
  return { type: 'mesh', tunnel: engine.tunnel as 'gre' | 'vxlan', key: engine.key, loopPrevention: engine.loopPrevention, tunnels };
}
