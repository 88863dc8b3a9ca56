import { Construct, Lazy, TerraformStack, type TerraformResource } from './cdktf.js';
import type { HostObject } from '../model/host-objects.js';
import { compare } from '../report/topology-document.js';
import { HOST_AGENT_REMOVE_SCRIPT, HOST_AGENT_VARIABLE_NAMES, HOST_RECONCILE_SCRIPT, hostAgentVariables } from '../shell/host-agent-scripts.js';
import { brand, isHostAgent } from './construct-brands.js';
import { dependsOnEntries } from './depends-on.js';
import type { DockerHost } from './docker-host.js';
import { HostScriptResource } from './host-script-resource.js';

/**
 * The stack's agent on one host: one `terraform_data` whose create script runs
 * whenever what the code declares on the host changes. It writes the host's
 * ledger (every object the stack's host scripts make there, with the values
 * that made it), removes what carries the stack's ownership mark but is no
 * longer declared — so removing an `assign()`, a network, a fabric host or a
 * service from the code and applying leaves nothing behind, although Terraform
 * runs no destroy-time provisioner for a resource that left the code — and
 * (re)starts the host's watcher. Its teardown stops the watcher and removes
 * the ledger.
 *
 * It depends on every object resource of the host, so it runs after them on
 * apply and, on destroy, stops the watcher before their teardowns run.
 */
export class HostAgent extends Construct {
  /** Returns whether `x` is a HostAgent (also one made by another copy of this package). */
  public static isHostAgent(x: unknown): x is HostAgent {
    return isHostAgent(x);
  }

  /** The agent's `terraform_data`. */
  public readonly resource: TerraformResource;

  private readonly members: HostScriptResource[] = [];

  public constructor(host: DockerHost, id: string) {
    super(host, id);
    brand(this, 'HostAgent');
    const agent: HostScriptResource = new HostScriptResource(this, 'reconcile', {
      host,
      createScript: HOST_RECONCILE_SCRIPT,
      teardownScript: HOST_AGENT_REMOVE_SCRIPT,
      variableNames: HOST_AGENT_VARIABLE_NAMES,
      variables: (): Record<string, string> => ({
        ...hostAgentVariables(
          { subject: `${TerraformStack.of(host).node.id} on host ${host.name}`, address: `terraform_data.${this.resource.friendlyUniqueId}` },
          host.marks(),
          this.objects(),
        ),
      }),
    });
    this.resource = agent.resource;
    this.resource.dependsOn = Lazy.listValue({ produce: () => dependsOnEntries(this.resource, this.members.map((m) => m.resource)) });
  }

  /**
   * Adds a host-script resource whose object the ledger keeps.
   * @internal
   */
  public declare(member: HostScriptResource): void {
    this.members.push(member);
  }

  /** What the stack's code declares on the host, in a stable order. */
  public objects(): HostObject[] {
    return this.members
      .map((m) => m.hostObject())
      .filter((o): o is HostObject => o !== undefined)
      .sort((a, b) => compare(a.kind, b.kind) || compare(a.name, b.name));
  }
}
