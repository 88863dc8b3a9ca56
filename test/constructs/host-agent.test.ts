import { Testing, TerraformStack } from '../../lib/constructs/cdktf.js';
import { AddressMode, DockerHost, HostAccess, OverlayFabric, Service, StaticNetwork } from '../../lib/index.js';
import { topologyDocumentOf } from '../../lib/constructs/topology-document-of.js';
import { createHash } from 'node:crypto';
import { HOST_AGENT_REMOVE_SCRIPT, HOST_RECONCILE_SCRIPT, HOST_WATCH_SCRIPT } from '../../lib/shell/host-agent-scripts.js';
import { FABRIC_HOST_CREATE_SCRIPT } from '../../lib/shell/fabric-scripts.js';
import { ATTACH_STATIC_ADDRESS_SCRIPT } from '../../lib/shell/static-address-scripts.js';
import { synth } from '../support/synth.js';

/**
 * The host agent as synthesized: one per host, a ledger of exactly what the
 * stack's host scripts make there, depending on all of them, and a trigger
 * that changes — so the reconcile step runs — whenever something is added or
 * removed in the code. The lab test (test/lab/day-two.test.ts) runs it.
 */
type Body = Record<string, any>;

function build(options: { dbAssigned?: boolean; fabricHosts?: string[]; agent?: boolean } = {}) {
  const stack = new TerraformStack(Testing.app(), 'prod');
  const hosts = ['h1', 'h2', 'h3'].map(
    (name) => new DockerHost(stack, name, { access: HostAccess.labNamespace({ namespace: `lab-${name}` }), ...(options.agent === false ? { agent: false } : {}) }),
  );
  const [h1, h2] = hosts as [DockerHost, DockerHost, DockerHost];
  const web = new Service(stack, 'web', { host: h1, image: 'busybox:1.36' });
  const db = new Service(stack, 'db', { host: h1, image: 'busybox:1.36' });
  const net = new StaticNetwork(stack, 'pipework', { host: h1, mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24' });
  net.assign(web);
  if (options.dbAssigned ?? true) net.assign(db);
  const fabricHosts = options.fabricHosts ?? ['h1', 'h2'];
  const fabric = new OverlayFabric(stack, 'fabric', { subnet: '10.50.0.0/16' });
  for (const [i, name] of fabricHosts.entries()) fabric.addHost(hosts.find((h) => h.name === name)!, { underlayAddress: `192.0.2.${11 + i}/24` });
  fabric.assign(new Service(stack, 'f2', { host: h2, image: 'busybox:1.36' }));
  return { stack, hosts };
}

const agents = (config: Body): Record<string, Body> =>
  Object.fromEntries(Object.entries(config.resource.terraform_data as Record<string, Body>).filter(([name]) => /_agent_reconcile_/.test(name)));
const agentOf = (config: Body, host: string): { name: string; body: Body } => {
  const [entry] = Object.entries(agents(config)).filter(([name]) => name.startsWith(`${host}_agent_`));
  return { name: entry![0], body: entry![1] };
};
const ledger = (body: Body) =>
  (body.input.variables.CDN_LEDGER as string)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [kind, name, record] = line.split(' ');
      return { kind, name, record: Buffer.from(record!, 'base64').toString('utf8') };
    });

describe('HostAgent', () => {
  it('one agent per host, running the reconcile script on create and the remove script on destroy', () => {
    const { config } = synth(build().stack);
    expect(Object.keys(agents(config)).map((n) => n.split('_')[0]).sort()).toEqual(['h1', 'h2', 'h3']);
    const { body } = agentOf(config, 'h1');
    expect(body.input.create).toBe(HOST_RECONCILE_SCRIPT);
    expect(body.input.teardown).toBe(HOST_AGENT_REMOVE_SCRIPT);
    expect(body.input.variables).toMatchObject({ CDN_OWNER: 'prod', CDN_STATE_DIR: '/var/lib/cdktf-docker-network' });
  });

  it("keeps a ledger of exactly what the stack's host scripts make on the host, each with its create script's values", () => {
    const { config } = synth(build().stack);
    const h1 = ledger(agentOf(config, 'h1').body);
    expect(h1.map((o) => o.kind).sort()).toEqual(['fabric-bridge', 'fabric-tunnel', 'static-attachment', 'static-attachment']);
    const attachments = Object.values(config.resource.terraform_data as Record<string, Body>).filter((b) => b.input.variables?.CDN_HOST_IF);
    for (const attachment of attachments) {
      const record = h1.find((o) => o.name === attachment.input.variables.CDN_HOST_IF)!;
      // The record is the attachment's own values as quoted assignments: what the watcher re-runs it with.
      expect(record.record).toContain(`CDN_ADDRESS='${attachment.input.variables.CDN_ADDRESS}'`);
      expect(record.record).toContain(`CDN_CONTAINER='${attachment.input.variables.CDN_CONTAINER}'`);
    }
    const variables = agentOf(config, 'h1').body.input.variables;
    expect(variables.CDN_DECLARED_LINKS.split(' ').sort()).toEqual(attachments.map((a) => a.input.variables.CDN_HOST_IF).sort());
    expect(variables.CDN_DECLARED_BRIDGES).toMatch(/^cdno-[0-9a-f]{8}$/);
    expect(variables.CDN_DECLARED_PORTS).toMatch(/^gre-[0-9a-f]{8}$/);
    // h3 is in no fabric and has no attachment: an empty ledger (its reconcile step removes what the stack left there).
    expect(agentOf(config, 'h3').body.input.variables.CDN_LEDGER).toBe('');
  });

  it('depends on every object resource of its host, so it runs after them and, on destroy, stops the watcher first', () => {
    const { config } = synth(build().stack);
    const { body } = agentOf(config, 'h1');
    const onH1 = Object.entries(config.resource.terraform_data as Record<string, Body>)
      .filter(([name, b]) => !/_agent_/.test(name) && b.provisioner?.[0]?.['local-exec']?.interpreter?.includes('--net=/run/netns/lab-h1') && b.input.variables)
      .map(([name]) => `terraform_data.${name}`);
    expect(onH1.length).toBe(4);
    expect([...body.depends_on].sort()).toEqual(onH1.sort());
  });

  it('a removal from the code changes the trigger of exactly the hosts it touched', () => {
    const full = synth(build().stack).config;
    const withoutDb = synth(build({ dbAssigned: false }).stack).config;
    const trigger = (config: Body, host: string) => JSON.stringify(agentOf(config, host).body.triggers_replace);
    expect(trigger(withoutDb, 'h1')).not.toBe(trigger(full, 'h1'));
    expect(trigger(withoutDb, 'h2')).toBe(trigger(full, 'h2'));
    const largerFabric = synth(build({ fabricHosts: ['h1', 'h2', 'h3'] }).stack).config;
    // h3 joining the fabric: its own ledger and its peers' (a tunnel to it each) change.
    for (const host of ['h1', 'h2', 'h3']) expect(trigger(largerFabric, host)).not.toBe(trigger(full, host));
  });

  it("carries only the repair scripts its host's ledger needs, and long values only as digests in its trigger", () => {
    const { config } = synth(build().stack);
    const variablesOf = (host: string) => agentOf(config, host).body.input.variables as Record<string, string>;
    // h1: static attachments and a fabric bridge; h2: a fabric bridge; h3: nothing. No host runs OVN.
    expect(variablesOf('h1')).toMatchObject({ CDN_ATTACH_SCRIPT: ATTACH_STATIC_ADDRESS_SCRIPT, CDN_FABRIC_HOST_SCRIPT: FABRIC_HOST_CREATE_SCRIPT, CDN_OVN_CENTRAL_SCRIPT: '', CDN_OVN_CHASSIS_SCRIPT: '' });
    expect(variablesOf('h2')).toMatchObject({ CDN_ATTACH_SCRIPT: '', CDN_FABRIC_HOST_SCRIPT: FABRIC_HOST_CREATE_SCRIPT });
    expect(variablesOf('h3')).toMatchObject({ CDN_ATTACH_SCRIPT: '', CDN_FABRIC_HOST_SCRIPT: '', CDN_WATCH_SCRIPT: HOST_WATCH_SCRIPT });
    const trigger = agentOf(config, 'h1').body.triggers_replace as Record<string, string>;
    const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
    expect(trigger.CDN_ATTACH_SCRIPT).toBe(sha256(ATTACH_STATIC_ADDRESS_SCRIPT));
    expect(trigger.CDN_LEDGER).toBe(sha256(variablesOf('h1').CDN_LEDGER!));
    // Short values stay readable in a plan.
    expect(trigger.CDN_OWNER).toBe('prod');
  });

  it('agent: false leaves the host without one', () => {
    const { config } = synth(build({ agent: false }).stack);
    expect(agents(config)).toEqual({});
  });

  it('topology.json lists every host object with its values, the owner, the state directory and how to reach the host', () => {
    const { stack } = build();
    const { hosts } = JSON.parse(JSON.stringify(synthTopology(stack)));
    const h1 = hosts.find((h: Body) => h.name === 'h1');
    expect(h1).toMatchObject({ owner: 'prod', stateDirectory: '/var/lib/cdktf-docker-network', reach: { kind: 'lab-namespace', namespace: 'lab-h1', environment: {} } });
    expect(h1.objects.map((o: Body) => o.kind)).toEqual(['fabric-bridge', 'fabric-tunnel', 'static-attachment', 'static-attachment']);
    expect(h1.objects[0].variables.CDN_CONTAINER_MTU).toBe('1500');
    expect(h1.objects[0].declaredBy).toBe('prod/fabric/h1-bridge');
  });
});

function synthTopology(stack: TerraformStack) {
  synth(stack);
  return topologyDocumentOf(stack);
}
