import { Lazy, Network, type TerraformResource } from './cdktf.js';
import type { HostClaim } from '../model/host-claims.js';
import type { MeshEnginePlan, MeshTunnelPlan } from '../model/mesh-engine-plan.js';
import type { Problem } from '../model/problem.js';
import {
  FABRIC_HOST_CREATE_SCRIPT,
  FABRIC_HOST_TEARDOWN_SCRIPT,
  FABRIC_HOST_VARIABLE_NAMES,
  FABRIC_TUNNEL_CREATE_SCRIPT,
  FABRIC_TUNNEL_TEARDOWN_SCRIPT,
  FABRIC_TUNNEL_VARIABLE_NAMES,
  type FabricHostVariables,
  type FabricTunnelVariables,
} from '../shell/fabric-scripts.js';
import { dependsOnEntries } from './depends-on.js';
import type { DockerHost } from './docker-host.js';
import type { FabricEngineRenderer, FabricMember } from './fabric-engine-renderer.js';
import { HostScriptResource } from './host-script-resource.js';
import type { OverlayFabric } from './overlay-fabric.js';
import type { Service } from './service.js';
import { TerraformData } from './terraform-data.js';
import { terraformLiteral } from './terraform-literal.js';

interface MeshMember extends FabricMember {
  readonly network?: Network;
  readonly bridge: HostScriptResource;
  /**
   * Managed containers only: "the fabric works on this host", a resource with
   * nothing to do that depends on the host's bridge and every tunnel from or to
   * it. The host's containers depend on it, so one edge orders each container.
   */
  readonly ready?: TerraformData;
}

interface MeshTunnel {
  readonly from: MeshMember;
  readonly to: MeshMember;
  readonly resource: HostScriptResource;
}

/**
 * The mesh's resources. Per host: a Docker bridge network (subnet = the
 * fabric's, `ip_range` and gateway = the host's block) and a `terraform_data`
 * that makes the OVS bridge, sets MTU and loop prevention and joins it to the
 * Docker bridge. Per ordered pair of hosts: a `terraform_data` for one tunnel
 * port. Adding a host adds its own resources and the tunnels to and from it.
 */
export class MeshEngineRenderer implements FabricEngineRenderer {
  private readonly members: MeshMember[] = [];
  private readonly tunnels: MeshTunnel[] = [];

  public constructor(private readonly fabric: OverlayFabric) {}

  public addHost({ host, options }: FabricMember): void {
    const { fabric } = this;
    const id = host.name;
    const network = host.manageContainers
      ? new Network(fabric, `${id}-network`, {
          ...(host.provider ? { provider: host.provider } : {}),
          name: terraformLiteral(fabric.name),
          driver: 'bridge',
          ipamConfig: [
            {
              subnet: terraformLiteral(fabric.subnet),
              gateway: Lazy.stringValue({ produce: () => terraformLiteral(fabric.hostPlan(host)?.gateway ?? '') }),
              ipRange: Lazy.stringValue({ produce: () => terraformLiteral(fabric.hostPlan(host)?.dynamicRange ?? '') }),
            },
          ],
          options: {
            'com.docker.network.bridge.name': Lazy.stringValue({ produce: () => terraformLiteral(fabric.plan().dockerBridge) }),
            'com.docker.network.driver.mtu': Lazy.stringValue({ produce: () => String(fabric.mtu().containerMtu) }),
          },
        })
      : undefined;
    const bridge = new HostScriptResource(fabric, `${id}-bridge`, {
      host,
      createScript: FABRIC_HOST_CREATE_SCRIPT,
      teardownScript: FABRIC_HOST_TEARDOWN_SCRIPT,
      variableNames: FABRIC_HOST_VARIABLE_NAMES,
      variables: () => ({ ...this.hostVariables(host) }),
      hostObject: { kind: 'fabric-bridge', nameVariable: 'CDN_OVS_BRIDGE' },
      ...(network ? { dependsOn: [network] } : {}),
    });
    const ready = host.manageContainers ? this.readiness(host, bridge) : undefined;
    const member: MeshMember = { host, options, bridge, ...(network ? { network } : {}), ...(ready ? { ready } : {}) };
    for (const other of this.members) {
      this.addTunnel(member, other);
      this.addTunnel(other, member);
    }
    this.members.push(member);
  }

  /** Nothing to make: Docker gives the address when the container starts. */
  public assign(): void {}

  public dockerNetworkOf(service: Service): { name: string; address: string } | undefined {
    const member = this.members.find((m) => m.host === service.host);
    return member?.network && this.fabric.hasService(service) ? { name: member.network.name, address: this.fabric.addressOf(service) } : undefined;
  }

  /** The fabric's readiness on `service`'s host: its bridge and every tunnel from or to it, the path its address is reached by. */
  public startAfter(service: Service): TerraformResource[] {
    const member = this.members.find((m) => m.host === service.host);
    return member?.ready && this.fabric.hasService(service) ? [member.ready] : [];
  }

  /** Nothing: Docker gives the address when the container starts. */
  public addressReadyAfter(): TerraformResource[] {
    return [];
  }

  public hostClaims({ host }: FabricMember): HostClaim[] {
    const { fabric } = this;
    const engine = this.plan();
    const claim = (kind: HostClaim['kind'], name: string, fix: string): HostClaim => ({ host: host.name, kind, name, owner: fabric.node.path, fix });
    return [
      claim('Linux bridge', fabric.plan().dockerBridge, 'Set dockerBridge to a name of its own, or leave it unset'),
      claim('Open vSwitch bridge', engine.ovsBridge, 'Set the mesh engine\'s ovsBridge to a name of its own, or leave it unset'),
      claim('tunnel key', `${engine.tunnel} ${engine.key}`, 'Set the mesh engine\'s key to a number of its own, or leave it unset'),
    ];
  }

  public problems(): Problem[] {
    return [];
  }

  private plan(): MeshEnginePlan {
    return this.fabric.plan().engine as MeshEnginePlan;
  }

  /** The host's readiness barrier; its dependencies are complete only once every host is added, so they resolve at synth. */
  private readiness(host: DockerHost, bridge: HostScriptResource): TerraformData {
    const ready = new TerraformData(this.fabric, `${host.name}-ready`, {
      input: { fabric: terraformLiteral(this.fabric.name), host: host.name },
      triggersReplace: {},
    });
    ready.dependsOn = Lazy.listValue({
      produce: () => dependsOnEntries(ready, [bridge.resource, ...this.tunnels.filter((t) => t.from.host === host || t.to.host === host).map((t) => t.resource.resource)]),
    });
    return ready;
  }

  private addTunnel(from: MeshMember, to: MeshMember): void {
    const resource = new HostScriptResource(this.fabric, `${from.host.name}-to-${to.host.name}`, {
      host: from.host,
      createScript: FABRIC_TUNNEL_CREATE_SCRIPT,
      teardownScript: FABRIC_TUNNEL_TEARDOWN_SCRIPT,
      variableNames: FABRIC_TUNNEL_VARIABLE_NAMES,
      variables: () => ({ ...this.tunnelVariables(from.host, to.host) }),
      hostObject: { kind: 'fabric-tunnel', nameVariable: 'CDN_TUNNEL_PORT' },
      dependsOn: [from.bridge.resource],
    });
    this.tunnels.push({ from, to, resource });
  }

  private hostVariables(host: DockerHost): FabricHostVariables {
    const plan = this.fabric.plan();
    const engine = this.plan();
    const hostPlan = this.fabric.hostPlan(host);
    return {
      CDN_SUBJECT: `fabric ${plan.name} on ${host.name}`,
      CDN_FABRIC: plan.name,
      CDN_OVS_BRIDGE: engine.ovsBridge,
      CDN_DATAPATH: plan.datapath,
      CDN_DOCKER_BRIDGE: plan.dockerBridge,
      CDN_LOOP: engine.loopPrevention,
      CDN_CONTAINER_MTU: String(plan.mtu.containerMtu),
      CDN_UNDERLAY_MTU: String(plan.mtu.underlayMtu),
      CDN_RAISE_UNDERLAY: plan.mtuPolicy === 'raise-underlay' ? 'yes' : 'no',
      CDN_UNDERLAY_IF: hostPlan?.underlayInterface ?? '',
      CDN_UNDERLAY_ADDRESS: hostPlan?.underlayAddress ?? '',
      CDN_PHY_BRIDGE: plan.physicalBridge,
      ...host.marks(),
    };
  }

  private tunnelVariables(from: DockerHost, to: DockerHost): FabricTunnelVariables {
    const plan = this.fabric.plan();
    const engine = this.plan();
    const tunnel: MeshTunnelPlan | undefined = engine.tunnels.find((t) => t.from === from.name && t.to === to.name);
    return {
      CDN_SUBJECT: `fabric ${plan.name} tunnel ${from.name} → ${to.name}`,
      CDN_FABRIC: plan.name,
      CDN_OVS_BRIDGE: engine.ovsBridge,
      CDN_TUNNEL_PORT: tunnel?.port ?? '',
      CDN_TUNNEL_TYPE: engine.tunnel as FabricTunnelVariables['CDN_TUNNEL_TYPE'],
      CDN_REMOTE_IP: tunnel?.remoteIp ?? '',
      CDN_REMOTE_HOST: to.name,
      CDN_TUNNEL_KEY: String(engine.key),
      CDN_LOOP: engine.loopPrevention,
      ...from.marks(),
    };
  }
}
