import { Lazy, type TerraformResource } from './cdktf.js';
import { parseSubnet } from '../model/address-plan.js';
import type { HostClaim } from '../model/host-claims.js';
import type { OvnEnginePlan } from '../model/ovn-engine-plan.js';
import type { Problem } from '../model/problem.js';
import { validateStaticAttachment, type StaticAttachmentSpec } from '../model/static-attachment.js';
import {
  OVN_CENTRAL_CREATE_SCRIPT,
  OVN_CENTRAL_TEARDOWN_SCRIPT,
  OVN_CENTRAL_VARIABLE_NAMES,
  OVN_CHASSIS_CREATE_SCRIPT,
  OVN_CHASSIS_TEARDOWN_SCRIPT,
  OVN_CHASSIS_VARIABLE_NAMES,
  type OvnCentralVariables,
  type OvnChassisVariables,
} from '../shell/ovn-scripts.js';
import { dependsOnEntries } from './depends-on.js';
import { dockerInterfaceClash } from './docker-interface-clash.js';
import type { DockerHost } from './docker-host.js';
import type { OvnEngine } from './fabric-engine.js';
import type { FabricEngineRenderer, FabricMember } from './fabric-engine-renderer.js';
import { HostScriptResource } from './host-script-resource.js';
import { shortHash } from '../model/linux-interface-names.js';
import type { OverlayFabric } from './overlay-fabric.js';
import type { Service } from './service.js';
import { StaticAddressAttachment } from './static-address-attachment.js';

/**
 * OVN's resources. Per central host: the databases and `ovn-northd`. Per host:
 * its chassis (integration bridge, `ovn-controller` and its settings). Per
 * assigned service: a logical switch port and the veth that is it. No tunnel
 * is a resource — `ovn-controller` makes and removes them — so adding a host
 * adds only that host's resources and changes no other.
 */
export class OvnEngineRenderer implements FabricEngineRenderer {
  private readonly chassis = new Map<DockerHost, HostScriptResource>();
  private readonly centrals: HostScriptResource[] = [];
  private readonly ports = new Map<Service, StaticAddressAttachment>();

  public constructor(
    private readonly fabric: OverlayFabric,
    private readonly engine: OvnEngine,
  ) {}

  public addHost({ host }: FabricMember): void {
    const { fabric } = this;
    const centrals = () => this.centrals.map((c) => c.resource);
    if (this.engine.centralHosts.includes(host)) {
      this.centrals.push(
        new HostScriptResource(fabric, `${host.name}-ovn-central`, {
          host,
          createScript: OVN_CENTRAL_CREATE_SCRIPT,
          teardownScript: OVN_CENTRAL_TEARDOWN_SCRIPT,
          variableNames: OVN_CENTRAL_VARIABLE_NAMES,
          variables: () => ({ ...this.centralVariables(host) }),
          hostObject: { kind: 'ovn-central', nameVariable: 'CDN_OVN_CENTRAL' },
        }),
      );
    }
    this.chassis.set(
      host,
      new HostScriptResource(fabric, `${host.name}-chassis`, {
        host,
        createScript: OVN_CHASSIS_CREATE_SCRIPT,
        teardownScript: OVN_CHASSIS_TEARDOWN_SCRIPT,
        variableNames: OVN_CHASSIS_VARIABLE_NAMES,
        variables: () => ({ ...this.chassisVariables(host) }),
        hostObject: { kind: 'ovn-chassis', nameVariable: 'CDN_OVS_BRIDGE' },
      }),
    );
    // Not needed to start (ovn-controller reconnects), but a destroy then removes the chassis while its database answers.
    const chassis = this.chassis.get(host)!.resource;
    chassis.dependsOn = Lazy.listValue({ produce: () => dependsOnEntries(chassis, centrals()) }, { omitEmpty: true });
  }

  public assign(service: Service): void {
    const port = new StaticAddressAttachment(this.fabric, `${service.node.id}-port-${shortHash(6, service.node.path)}`, {
      host: service.host,
      service,
      spec: () => this.portSpec(service),
    });
    // A port is declared in the northbound database, so it needs the control plane (and is removed before it),
    // and joins the integration bridge of its host's chassis.
    port.resource.dependsOn = Lazy.listValue({
      produce: () => dependsOnEntries(port.resource, [...this.centrals.map((c) => c.resource), ...[this.chassis.get(service.host)?.resource].filter((r) => r !== undefined)]),
    });
    this.ports.set(service, port);
  }

  /** None: the container's fabric interface is made by the port's provisioner, not by Docker. */
  public dockerNetworkOf(): undefined {
    return undefined;
  }

  /** Nothing: the port follows its container. */
  public startAfter(): TerraformResource[] {
    return [];
  }

  /** The port that gives `service` its address once its container runs and the port is up. */
  public addressReadyAfter(service: Service): TerraformResource[] {
    const port = this.ports.get(service);
    return port ? [port.resource] : [];
  }

  public hostClaims({ host }: FabricMember): HostClaim[] {
    const engine = this.plan();
    const claim = (kind: HostClaim['kind'], name: string, fix: string): HostClaim => ({ host: host.name, kind, name, owner: this.fabric.node.path, fix });
    return [
      claim('Open vSwitch bridge', engine.integrationBridge, "Set the OVN engine's integrationBridge to a name of its own"),
      claim('OVN chassis', 'ovn-controller', 'A host runs one ovn-controller, so it can be in one OVN fabric: give each OVN fabric its own hosts'),
      ...this.fabric.services
        .filter((s) => s.host === host)
        .map((s) => claim('container interface', `${s.name} ${this.engine.interfaceName}`, "Set the OVN engine's interfaceName to another name")),
    ];
  }

  public problems(): Problem[] {
    return [...this.ports.keys()].flatMap((service) => [
      ...(this.fabric.plannedAddress(service) === undefined ? [] : validateStaticAttachment(this.portSpec(service))),
      ...[dockerInterfaceClash(service, this.engine.interfaceName, `OVN fabric ${this.fabric.node.path}`)].filter((p): p is Problem => p !== undefined),
    ]);
  }

  private plan(): OvnEnginePlan {
    return this.fabric.plan().engine as OvnEnginePlan;
  }

  private portSpec(service: Service): StaticAttachmentSpec {
    const plan = this.fabric.plan();
    const engine = this.plan();
    const port = engine.ports.find((p) => p.service === service.node.path);
    return {
      path: service.node.path,
      owner: `${this.fabric.node.path} ${service.node.path}`,
      host: service.host.name,
      container: service.name,
      bridge: { kind: 'ovs', name: engine.integrationBridge },
      interfaceName: this.engine.interfaceName,
      address: this.fabric.plannedAddress(service) ?? '',
      prefixLength: parseSubnet(this.fabric.subnet)?.prefixLength ?? 0,
      mtu: plan.mtu.containerMtu,
      ...(port?.mac ? { mac: port.mac } : {}),
      ovn: { northbound: engine.northbound, logicalSwitch: engine.logicalSwitch, port: port?.port ?? '' },
    };
  }

  private centralVariables(host: DockerHost): OvnCentralVariables {
    const plan = this.fabric.plan();
    const engine = this.plan();
    return {
      CDN_SUBJECT: `fabric ${plan.name} OVN central on ${host.name}`,
      CDN_FABRIC: plan.name,
      CDN_OVN_CENTRAL: engine.central.name,
      CDN_OVN_LISTEN_IP: this.fabric.hostPlan(host)?.underlayIp ?? '',
      CDN_OVN_CLUSTER: engine.central.addresses.join(' '),
      CDN_OVN_SWITCH: engine.logicalSwitch,
      ...host.marks(),
    };
  }

  private chassisVariables(host: DockerHost): OvnChassisVariables {
    const plan = this.fabric.plan();
    const engine = this.plan();
    const hostPlan = this.fabric.hostPlan(host);
    const chassis = engine.chassis.find((c) => c.host === host.name);
    return {
      CDN_SUBJECT: `fabric ${plan.name} OVN chassis ${host.name}`,
      CDN_FABRIC: plan.name,
      CDN_OVS_BRIDGE: engine.integrationBridge,
      CDN_DATAPATH: plan.datapath,
      CDN_UNDERLAY_MTU: String(plan.mtu.underlayMtu),
      CDN_RAISE_UNDERLAY: plan.mtuPolicy === 'raise-underlay' ? 'yes' : 'no',
      CDN_UNDERLAY_IF: hostPlan?.underlayInterface ?? '',
      CDN_UNDERLAY_ADDRESS: hostPlan?.underlayAddress ?? '',
      CDN_PHY_BRIDGE: plan.physicalBridge,
      CDN_OVN_SYSTEM_ID: chassis?.systemId ?? '',
      CDN_OVN_REMOTE: engine.southbound,
      CDN_OVN_ENCAP_TYPE: engine.encapsulation as OvnChassisVariables['CDN_OVN_ENCAP_TYPE'],
      CDN_OVN_ENCAP_IP: chassis?.encapIp ?? '',
      ...host.marks(),
    };
  }
}
