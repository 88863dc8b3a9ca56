import { Construct, DockerProvider, Network, TerraformStack, TerraformVariable } from './cdktf.js';
import { parseDockerEndpoint } from '../model/docker-endpoint.js';
import { networkNameProblem } from '../model/docker-names.js';
import type { HostClaim } from '../model/host-claims.js';
import type { HostSpec } from '../model/topology.js';
import { instanceOf, propsOf, text, z } from '../model/untyped-input.js';
import { validateHost } from '../model/validate-host.js';
import { brand, isDockerHost, isHostAccess } from './construct-brands.js';
import { checkProps } from './construct-input.js';
import { HostAccess, needsPrivateKeyVariable } from './host-access.js';
import { ownerProblem } from '../model/host-objects.js';
import type { HostMarkVariables } from '../shell/host-marks.js';
import { HostAgent } from './host-agent.js';
import { hostClaimProblems } from './host-claims-of.js';
import type { HostScriptResource } from './host-script-resource.js';
import { reportProblems } from './report-problems.js';
import { terraformLiteral } from './terraform-literal.js';
import { enableTopologyReports } from './topology-reports.js';
import { joinTopology, topologyOf } from './topology-of.js';

/** Properties of a {@link DockerHost}. */
export interface DockerHostProps {
  /**
   * Name of the host in the topology: the provider alias when a stack has several
   * hosts, and the prefix of the networks made on it.
   * @default the construct id
   */
  readonly name?: string;

  /**
   * How to reach the host's Docker engine, in `DOCKER_HOST` syntax:
   * `unix:///path/to/docker.sock` or `ssh://user@host[:port]`.
   * @default "unix:///var/run/docker.sock"
   */
  readonly endpoint?: string;

  /**
   * Extra options for the `ssh` command of an `ssh://` endpoint, e.g.
   * `["-o", "StrictHostKeyChecking=yes"]`.
   * @default none
   */
  readonly sshOptions?: string[];

  /**
   * Name of the user-defined network that carries this host's links.
   * @default `${name}-links`
   */
  readonly linkNetworkName?: string;

  /**
   * How host commands (static-address and fabric provisioners) reach the host.
   * @default local commands for a `unix://` endpoint, SSH with the agent to the
   * endpoint's user and host for an `ssh://` one
   */
  readonly access?: HostAccess;

  /**
   * Whether Terraform manages the host's images and containers through the
   * Docker provider. Set it to `false` when containers are started by something
   * else (compose, systemd, a test lab): the stack then holds only the host
   * networking, and Terraform needs no Docker provider.
   * @default true
   */
  readonly manageContainers?: boolean;

  /**
   * Where, on the host, the library keeps each stack's ledger of what it made
   * there, its locks and its watcher (`<stateDirectory>/<stack name>/`).
   * @default "/var/lib/cdktf-docker-network"
   */
  readonly stateDirectory?: string;

  /**
   * Whether the stack keeps an agent on this host: a ledger of what the code
   * declares there, a reconcile step that removes what the stack made and no
   * longer declares (removing things from the code and applying leaves nothing
   * behind), and a watcher that restores static addresses and fabric bridges
   * after container restarts, daemon restarts and reboots. Turn it off only for
   * a host Terraform's host commands cannot reach and on which the stack makes
   * nothing; turn it on again for one apply before removing host networking
   * that was made with it off.
   * @default true
   */
  readonly agent?: boolean;
}

const DOCKER_HOST_PROPS = propsOf<DockerHostProps>()({
  name: text().optional(),
  endpoint: text().optional(),
  sshOptions: z.array(text()).optional(),
  linkNetworkName: text().optional(),
  access: instanceOf(isHostAccess, 'a HostAccess: HostAccess.local(), HostAccess.ssh({ host }) or HostAccess.labNamespace({ namespace })').optional(),
  manageContainers: z.boolean().optional(),
  stateDirectory: text().optional(),
  agent: z.boolean().optional(),
});

/** An absolute path of plain segments: it is written into scripts, unit files and messages. */
const STATE_DIRECTORY = /^(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)+$/;

/**
 * One Docker engine: its provider configuration and the networks shared by the
 * services that run on it. A stack with one host uses the default `docker`
 * provider; with several, each host's provider is aliased with its name.
 */
export class DockerHost extends Construct {
  /** Returns whether `x` is a DockerHost (also one made by another copy of this package). */
  public static isDockerHost(x: unknown): x is DockerHost {
    return isDockerHost(x);
  }

  /**
   * Marks this construct as a host of the topology (see `topologyOf`).
   * @internal
   */
  public readonly topologyKind = 'host' as const;
  /** Name of the host in the topology. */
  public readonly name: string;
  /** Docker endpoint of the host. */
  public readonly endpoint: string;
  /** The Docker provider configuration every resource on this host uses (none when containers are not managed). */
  public readonly provider?: DockerProvider;
  /** Name of the network that carries this host's links. */
  public readonly linkNetworkName: string;
  /** How host commands reach the host. */
  public readonly access: HostAccess;
  /** Whether Terraform manages this host's containers. */
  public readonly manageContainers: boolean;
  /** The sensitive variable holding the SSH private key, when the access asks for one. */
  public readonly sshPrivateKey?: TerraformVariable;
  /** Where the host keeps the stacks' ledgers, locks and watchers. */
  public readonly stateDirectory: string;
  /** The stack's agent on this host, unless turned off. */
  public readonly agent?: HostAgent;

  private linkNetworkResource?: Network;

  public constructor(scope: Construct, id: string, props: DockerHostProps = {}) {
    super(scope, id);
    brand(this, 'DockerHost');
    checkProps(this, DOCKER_HOST_PROPS, props);
    this.name = props.name ?? id;
    this.endpoint = props.endpoint ?? 'unix:///var/run/docker.sock';
    this.linkNetworkName = props.linkNetworkName ?? `${this.name}-links`;
    this.manageContainers = props.manageContainers ?? true;
    this.access = props.access ?? defaultAccess(this.endpoint);
    this.stateDirectory = props.stateDirectory ?? '/var/lib/cdktf-docker-network';
    joinTopology(this);
    if (this.manageContainers) {
      this.provider = new DockerProvider(this, 'provider', {
        host: terraformLiteral(this.endpoint),
        ...(props.sshOptions ? { sshOpts: props.sshOptions.map(terraformLiteral) } : {}),
      });
      this.aliasProvidersWhenSeveralHosts();
    }
    enableTopologyReports(TerraformStack.of(this));
    if (needsPrivateKeyVariable(this.access)) {
      this.sshPrivateKey = new TerraformVariable(this, 'ssh-private-key', {
        type: 'string',
        sensitive: true,
        description: `SSH private key for the host commands of ${this.name}`,
      });
      this.sshPrivateKey.overrideLogicalId(`${this.name.replaceAll('-', '_')}_ssh_private_key`);
    }
    if (props.agent ?? true) this.agent = new HostAgent(this, 'agent');
    this.node.addValidation({
      validate: () => [
        ...reportProblems(this, validateHost(this.toSpec(), topologyOf(this))),
        ...this.markProblems(),
        ...this.linkNetworkNameProblems(),
        ...reportProblems(this, hostClaimProblems(this, this.hostClaims())),
        ...this.access.problems().map((problem) => `host access: ${problem}`),
      ],
    });
  }

  /**
   * The user-defined bridge network that carries links on this host, made the
   * first time a service on this host links to another.
   */
  public get linkNetwork(): Network {
    this.linkNetworkResource ??= new Network(this, 'link-network', {
      ...(this.provider ? { provider: this.provider } : {}),
      name: terraformLiteral(this.linkNetworkName),
      driver: 'bridge',
    });
    return this.linkNetworkResource;
  }

  /** True once a service on this host links (the link network exists). */
  public get hasLinkNetwork(): boolean {
    return this.linkNetworkResource !== undefined;
  }

  /**
   * The link network, once a service links.
   * @internal
   */
  public hostClaims(): HostClaim[] {
    if (!this.hasLinkNetwork) return [];
    return [{ host: this.name, kind: 'Docker network', name: this.linkNetworkName, owner: this.node.path, fix: 'Set linkNetworkName to a name of its own' }];
  }

  /**
   * Records a host-script resource whose object this host's ledger keeps (see {@link HostAgent}).
   * @internal
   */
  public declareHostObject(resource: HostScriptResource): void {
    this.agent?.declare(resource);
  }

  /**
   * What every host script on this host is told besides its own values: the stack's ownership mark and the state directory.
   * @internal
   */
  public marks(): HostMarkVariables {
    return { CDN_OWNER: TerraformStack.of(this).node.id, CDN_STATE_DIR: this.stateDirectory };
  }

  /** The host as plain model data. */
  public toSpec(): HostSpec {
    return { path: this.node.path, name: this.name, endpoint: this.endpoint };
  }

  private markProblems(): string[] {
    const problems: string[] = [];
    const owner = ownerProblem(this.marks().CDN_OWNER);
    if (owner) problems.push(owner);
    if (!STATE_DIRECTORY.test(this.stateDirectory) || this.stateDirectory.split('/').includes('..')) {
      problems.push(
        `stateDirectory ${JSON.stringify(this.stateDirectory)} is not an absolute path of letters, digits, '_', '.' and '-' segments. ` +
          'Use e.g. "/var/lib/cdktf-docker-network"',
      );
    }
    return problems;
  }

  /** The link network's name is also spliced into a Terraform expression: it must be a plain Docker network name. */
  private linkNetworkNameProblems(): string[] {
    const problem = networkNameProblem(this.linkNetworkName);
    return problem ? [`link ${problem}. Set linkNetworkName to e.g. "${this.name}-links"`] : [];
  }

  /** With two or more hosts in a stack, every host's provider gets its name as alias. */
  private aliasProvidersWhenSeveralHosts(): void {
    const hosts = TerraformStack.of(this).node.findAll().filter(DockerHost.isDockerHost);
    if (hosts.filter((h) => h.provider).length < 2) return;
    for (const host of hosts) if (host.provider) host.provider.alias = host.name;
  }
}

/** Local commands for a local engine, SSH (agent) to the same machine for a remote one. */
function defaultAccess(endpoint: string): HostAccess {
  const parsed = parseDockerEndpoint(endpoint).endpoint;
  if (parsed?.kind !== 'ssh') return HostAccess.local();
  return HostAccess.ssh({
    host: parsed.host.replace(/^\[(.*)\]$/, '$1'),
    ...(parsed.user !== undefined ? { user: parsed.user } : {}),
    ...(parsed.port !== undefined ? { port: parsed.port } : {}),
  });
}
