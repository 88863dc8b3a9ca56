import { Construct, DockerProvider, Network, TerraformStack } from './cdktf.js';
import type { HostSpec } from '../model/topology.js';
import { validateHost } from '../model/validate-host.js';
import { reportProblems } from './report-problems.js';
import { topologyOf } from './topology-of.js';

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
}

/**
 * One Docker engine: its provider configuration and the networks shared by the
 * services that run on it. A stack with one host uses the default `docker`
 * provider; with several, each host's provider is aliased with its name.
 */
export class DockerHost extends Construct {
  /** Returns whether `x` is a DockerHost. */
  public static isDockerHost(x: unknown): x is DockerHost {
    return x instanceof DockerHost;
  }

  /** Marks this construct as a host of the topology (see `topologyOf`). */
  public readonly topologyKind = 'host' as const;
  /** Name of the host in the topology. */
  public readonly name: string;
  /** Docker endpoint of the host. */
  public readonly endpoint: string;
  /** The Docker provider configuration every resource on this host uses. */
  public readonly provider: DockerProvider;
  /** Name of the network that carries this host's links. */
  public readonly linkNetworkName: string;

  private linkNetworkResource?: Network;

  public constructor(scope: Construct, id: string, props: DockerHostProps = {}) {
    super(scope, id);
    this.name = props.name ?? id;
    this.endpoint = props.endpoint ?? 'unix:///var/run/docker.sock';
    this.linkNetworkName = props.linkNetworkName ?? `${this.name}-links`;
    this.provider = new DockerProvider(this, 'provider', {
      host: this.endpoint,
      ...(props.sshOptions ? { sshOpts: props.sshOptions } : {}),
    });
    this.aliasProvidersWhenSeveralHosts();
    this.node.addValidation({
      validate: () => reportProblems(this, validateHost(this.toSpec(), topologyOf(this))),
    });
  }

  /**
   * The user-defined bridge network that carries links on this host, made the
   * first time a service on this host links to another.
   */
  public get linkNetwork(): Network {
    this.linkNetworkResource ??= new Network(this, 'link-network', {
      provider: this.provider,
      name: this.linkNetworkName,
      driver: 'bridge',
    });
    return this.linkNetworkResource;
  }

  /** The host as plain model data. */
  public toSpec(): HostSpec {
    return { path: this.node.path, name: this.name, endpoint: this.endpoint };
  }

  /** With two or more hosts in a stack, every host's provider gets its name as alias. */
  private aliasProvidersWhenSeveralHosts(): void {
    const hosts = TerraformStack.of(this).node.findAll().filter(DockerHost.isDockerHost);
    if (hosts.length < 2) return;
    for (const host of hosts) host.provider.alias = host.name;
  }
}
