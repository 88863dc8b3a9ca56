import type { LocalExecProvisioner, RemoteExecProvisioner, SSHProvisionerConnection } from './cdktf.js';
import { isValidPortNumber } from '../model/container-port.js';
import { isValidSshHost, isValidSshUser } from '../model/docker-endpoint.js';
import { inputProblems, oneOf, propsOf, text, z } from '../model/untyped-input.js';
import type { TopologyHostReach } from '../report/topology-document.js';
import { assignmentLines, isShellVariableName, shellQuote } from '../shell/shell-quote.js';
import { brand, isHostAccess } from './construct-brands.js';
import { terraformLiterals } from './terraform-literal.js';

/** Options of {@link HostAccess.ssh}. */
export interface SshAccessOptions {
  /** Host name or address to connect to. */
  readonly host: string;
  /**
   * User to log in as.
   * @default "root"
   */
  readonly user?: string;
  /**
   * SSH port.
   * @default 22
   */
  readonly port?: number;
  /**
   * Where the private key comes from: the SSH agent of whoever runs Terraform,
   * or a sensitive Terraform variable the host declares (`<host>_ssh_private_key`).
   * A key from the variable is also kept in the attachment's state, because
   * destroy-time provisioners may only read their own resource.
   * @default "agent"
   */
  readonly privateKey?: 'agent' | 'variable';
  /**
   * Run the scripts through `sudo -n`. The scripts need root (`ip`, `ovs-vsctl`,
   * `nsenter`), so a user that is not root needs passwordless sudo for them.
   * @default true when `user` is not root, false for root
   */
  readonly sudo?: boolean;
}

/** Options of {@link HostAccess.labNamespace}. */
export interface LabNamespaceAccessOptions {
  /** Network namespace (under /run/netns) that plays the host. */
  readonly namespace: string;
  /**
   * Environment of the host's commands, e.g. `DOCKER_HOST` and `OVS_RUNDIR` of
   * the daemons that run for this host.
   * @default none
   */
  readonly environment?: Record<string, string>;
}

const SSH_OPTIONS = propsOf<SshAccessOptions>()({
  host: text(),
  user: text().optional(),
  port: z.number().optional(),
  privateKey: oneOf(['agent', 'variable']).optional(),
  sudo: z.boolean().optional(),
});

const LAB_NAMESPACE_OPTIONS = propsOf<LabNamespaceAccessOptions>()({
  namespace: text(),
  environment: z.record(text(), text()).optional(),
});

/**
 * The lab passes where a host's daemons are (`DOCKER_HOST`, `OVS_RUNDIR`…);
 * anything else (`PATH`, `LD_PRELOAD`, `BASH_ENV`, the scripts' own `CDN_*`)
 * would change how the scripts run.
 */
const LAB_ENVIRONMENT_NAME = /^(DOCKER|OVS)_[A-Z0-9_]+$/;

/** A script and the values it reads, as the provisioner gets them. */
export interface ScriptInvocation {
  /** Terraform expression of the script text (a reference into the resource's `input`). */
  readonly script: string;
  /** Variable name → Terraform expression of its value. */
  readonly variables: Record<string, string>;
}

/**
 * How the commands of a host reach it. The generated scripts are the same in all
 * three ways; only the way in differs:
 *
 * - `local()`: `local-exec` on the machine that runs Terraform;
 * - `ssh(...)`: `remote-exec` over SSH, values handed over as quoted assignments;
 * - `labNamespace(...)`: `local-exec` entering a network namespace, with the
 *   host's environment (the lab's way of having several hosts on one machine).
 */
export abstract class HostAccess {
  /** Returns whether `x` is a HostAccess (also one made by another copy of this package). */
  public static isHostAccess(x: unknown): x is HostAccess {
    return isHostAccess(x);
  }

  /** Commands run on the machine that runs Terraform. */
  public static local(): HostAccess {
    return new LocalAccess(['/bin/sh', '-c'], {}, []);
  }

  /**
   * Commands run over SSH. Wrong settings are reported by the host that uses
   * this access, with its construct path.
   */
  public static ssh(options: SshAccessOptions): HostAccess {
    const problems = inputProblems(SSH_OPTIONS, options, { whole: 'SSH options', part: 'SSH option' });
    return new SshAccess(problems.length ? { host: '' } : options, problems);
  }

  /** Commands run inside a lab network namespace (see {@link LabNamespaceAccessOptions}). */
  public static labNamespace(options: LabNamespaceAccessOptions): HostAccess {
    const problems = inputProblems(LAB_NAMESPACE_OPTIONS, options, { whole: 'lab namespace options', part: 'lab namespace option' });
    if (problems.length) return new LocalAccess([], {}, problems, '');
    return new LocalAccess(['nsenter', `--net=/run/netns/${options.namespace}`, '/bin/sh', '-c'], options.environment ?? {}, [], options.namespace);
  }

  protected constructor() {
    brand(this, 'HostAccess');
  }

  /** What kind of access this is, for messages and reports. */
  public abstract readonly kind: 'local' | 'ssh' | 'lab-namespace';

  /** Problems with the access settings themselves (names, ports), each with a fix. */
  public abstract problems(): string[];

  /**
   * The text to keep in the resource's `input` for `script`: the script itself
   * where values travel in the environment, or the script with the values as
   * quoted assignments in front where they cannot.
   * @internal
   */
  public abstract renderScript(script: string, variables: Record<string, string>): string;

  /**
   * The provisioner that runs `invocation` on the host, at create or at destroy time.
   * @internal
   */
  public abstract provisioner(invocation: ScriptInvocation, when: 'create' | 'destroy'): LocalExecProvisioner | RemoteExecProvisioner;

  /**
   * Values the provisioners read from `self.input` (destroy-time provisioners may read nothing else).
   * @internal
   */
  public abstract inputValues(privateKey?: string): Record<string, string | number>;

  /** How tools other than Terraform (`verify`, `repair`) reach the host: the same way, as plain data. */
  public abstract reach(): TopologyHostReach;
}

const NAMESPACE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

class LocalAccess extends HostAccess {
  public readonly kind;

  public constructor(
    private readonly interpreter: string[],
    private readonly environment: Record<string, string>,
    private readonly shapeProblems: readonly string[],
    private readonly namespace?: string,
  ) {
    super();
    this.kind = namespace === undefined ? ('local' as const) : ('lab-namespace' as const);
  }

  public problems(): string[] {
    if (this.shapeProblems.length) return [...this.shapeProblems];
    const problems: string[] = [];
    if (this.namespace !== undefined && !NAMESPACE.test(this.namespace)) {
      problems.push(`lab namespace ${JSON.stringify(this.namespace)} is not a valid network namespace name: use letters, digits, '_', '.' and '-'`);
    }
    for (const key of Object.keys(this.environment)) {
      if (!isShellVariableName(key) || !LAB_ENVIRONMENT_NAME.test(key)) {
        problems.push(
          `environment variable ${JSON.stringify(key)} of the host's commands is not allowed: only DOCKER_* and OVS_* settings ` +
            `(where the host's daemons are, e.g. DOCKER_HOST, OVS_RUNDIR) may be passed, since anything else could change how the scripts run. Remove it`,
        );
      }
    }
    return problems;
  }

  public renderScript(script: string): string {
    return script;
  }

  /**
   * The script travels in `CDN_SCRIPT` like the values, so Terraform's log shows
   * one short command instead of the whole script on every run.
   */
  public provisioner(invocation: ScriptInvocation, when: 'create' | 'destroy'): LocalExecProvisioner {
    return {
      type: 'local-exec',
      when,
      interpreter: this.interpreter,
      command: 'eval "$CDN_SCRIPT"',
      environment: { ...terraformLiterals(this.environment), ...invocation.variables, CDN_SCRIPT: invocation.script },
    };
  }

  public inputValues(): Record<string, string | number> {
    return {};
  }

  public reach(): TopologyHostReach {
    return this.namespace === undefined ? { kind: 'local' } : { kind: 'lab-namespace', namespace: this.namespace, environment: { ...this.environment } };
  }
}

class SshAccess extends HostAccess {
  public readonly kind = 'ssh' as const;

  public constructor(
    private readonly options: SshAccessOptions,
    private readonly shapeProblems: readonly string[] = [],
  ) {
    super();
  }

  public problems(): string[] {
    if (this.shapeProblems.length) return [...this.shapeProblems];
    const { host, user, port } = this.options;
    const problems: string[] = [];
    if (!isValidSshHost(host)) problems.push(`SSH host ${JSON.stringify(host)} is not a host name or IP address`);
    if (user !== undefined && !isValidSshUser(user)) problems.push(`SSH user ${JSON.stringify(user)} is not a valid user name`);
    if (port !== undefined && !isValidPortNumber(port)) problems.push(`SSH port ${port} is outside 1–65535`);
    return problems;
  }

  /** remote-exec has no environment: the values become quoted assignments in front of the script. */
  public renderScript(script: string, variables: Record<string, string>): string {
    const body = [...assignmentLines(variables), script].join('\n');
    return this.sudo ? `sudo -n sh -c ${shellQuote(body)}` : body;
  }

  public provisioner(invocation: ScriptInvocation, when: 'create' | 'destroy'): RemoteExecProvisioner {
    const connection: SSHProvisionerConnection = {
      type: 'ssh',
      host: '${self.input.ssh_host}',
      user: '${self.input.ssh_user}',
      // The port is read back from input like everything else a destroy-time provisioner needs.
      port: '${self.input.ssh_port}' as unknown as number,
      ...(this.options.privateKey === 'variable' ? { privateKey: '${self.input.ssh_private_key}' } : { agent: 'true' }),
    };
    // cdktf's type lacks `when`, but it renders every key it is given; Terraform accepts `when` on any provisioner.
    const provisioner: RemoteExecProvisioner & { readonly when: 'create' | 'destroy' } = {
      type: 'remote-exec',
      when,
      inline: [invocation.script],
      connection,
    };
    return provisioner;
  }

  private get user(): string {
    return this.options.user ?? 'root';
  }

  /** Root runs the scripts as it is; any other user through sudo, unless told otherwise. */
  private get sudo(): boolean {
    return this.options.sudo ?? this.user !== 'root';
  }

  /** Whether the host declares a sensitive variable for the private key. */
  public get needsPrivateKeyVariable(): boolean {
    return this.options.privateKey === 'variable';
  }

  public reach(): TopologyHostReach {
    return { kind: 'ssh', host: this.options.host, user: this.user, port: this.options.port ?? 22, sudo: this.sudo };
  }

  public inputValues(privateKey?: string): Record<string, string | number> {
    return {
      ssh_host: this.options.host,
      ssh_user: this.user,
      ssh_port: this.options.port ?? 22,
      ...(this.options.privateKey === 'variable' && privateKey !== undefined ? { ssh_private_key: privateKey } : {}),
    };
  }
}

/**
 * True when `access` asks for the private key from a Terraform variable. Read
 * by kind, not `instanceof`: the access may come from another copy of this package.
 */
export function needsPrivateKeyVariable(access: HostAccess): boolean {
  return access.kind === 'ssh' && (access as SshAccess).needsPrivateKeyVariable === true;
}
