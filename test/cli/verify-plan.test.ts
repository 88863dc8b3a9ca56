import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../../lib/cli/cli-error.js';
import { readTopologyFile } from '../../lib/cli/topology-file.js';
import { verifyPlanOf } from '../../lib/cli/verify-plan.js';
import type { TopologyDocument } from '../../lib/report/topology-document.js';
import { FABRIC_HOST_VARIABLE_NAMES, FABRIC_TUNNEL_VARIABLE_NAMES } from '../../lib/shell/fabric-scripts.js';
import { OVN_CENTRAL_VARIABLE_NAMES, OVN_CHASSIS_VARIABLE_NAMES } from '../../lib/shell/ovn-scripts.js';
import { STATIC_ADDRESS_VARIABLE_NAMES } from '../../lib/shell/static-address-scripts.js';
import { synthVerifyApp } from '../support/verify-app.js';

/** What verify checks, read from the topology.json the library really writes. */
describe('the verify plan of a synthesized stack', () => {
  const stackDir = synthVerifyApp();
  const file = join(stackDir, 'topology.json');
  const document = readTopologyFile(file);
  const plans = verifyPlanOf(document, file);
  const plan = (host: string) => plans.find((p) => p.host === host)!;
  /** A copy of the document, changed by `edit`. */
  const edited = (edit: (d: any) => void): TopologyDocument => {
    const copy = JSON.parse(readFileSync(file, 'utf8'));
    edit(copy);
    return copy;
  };
  const problem = (d: TopologyDocument) => {
    try {
      verifyPlanOf(d, file);
    } catch (error) {
      expect(error).toBeInstanceOf(CliError);
      return (error as Error).message;
    }
    throw new Error('expected a CliError');
  };
  afterAll(() => rmSync(dirname(dirname(stackDir)), { recursive: true, force: true }));

  it('checks each host the way its provisioners reach it', () => {
    expect(plans.map((p) => [p.host, p.reach])).toEqual([
      ['h1', { kind: 'lab-namespace', namespace: 'cdnlab-h1', environment: { DOCKER_HOST: 'unix:///tmp/cdn-lab/h1/docker.sock', OVS_RUNDIR: '/tmp/cdn-lab/h1/ovs' } }],
      ['h2', { kind: 'ssh', host: '192.0.2.12', user: 'deploy', port: 22, sudo: true }],
      ['h3', { kind: 'local' }],
    ]);
  });

  it('lists every recorded object with what it is in words and exactly the values its scripts read', () => {
    expect(plan('h1').objects.map((o) => o.subject)).toEqual([
      expect.stringMatching(/^fabric shop-fabric bridge cdno-[0-9a-f]{8}$/),
      expect.stringMatching(/^fabric shop-fabric tunnel gre-[0-9a-f]{8} to h2$/),
      expect.stringMatching(/^static address 10\.42\.1\.1(28|29)\/24 of (web|db) eth1$/),
      expect.stringMatching(/^static address 10\.42\.1\.1(28|29)\/24 of (web|db) eth1$/),
    ]);
    const names = {
      'static-attachment': STATIC_ADDRESS_VARIABLE_NAMES,
      'fabric-bridge': FABRIC_HOST_VARIABLE_NAMES,
      'fabric-tunnel': FABRIC_TUNNEL_VARIABLE_NAMES,
      'ovn-central': OVN_CENTRAL_VARIABLE_NAMES,
      'ovn-chassis': OVN_CHASSIS_VARIABLE_NAMES,
    };
    for (const object of [...plan('h1').objects, ...plan('h2').objects]) expect(Object.keys(object.variables).sort()).toEqual([...names[object.kind]].sort());
    const web = plan('h1').objects.find((o) => o.variables.CDN_CONTAINER === 'web')!;
    expect(web.variables).toMatchObject({ CDN_ADDRESS: '10.42.1.128/24', CDN_MAC: '02:42:0a:2a:01:80', CDN_OWNER: 'shop', CDN_STATE_DIR: '/tmp/cdn-lab/h1/state' });
    expect(web.declaredBy).toMatch(/^shop\/static\//);
  });

  it('pings only planned addresses, within each network: a static network is one host\'s, a fabric spans its hosts', () => {
    expect(plan('h1').reachability).toEqual([
      { container: 'db', targets: ['10.42.1.128'] },
      { container: 'fab-a', targets: ['10.50.1.128'] },
      { container: 'web', targets: ['10.42.1.129'] },
    ]);
    expect(plan('h2').reachability).toEqual([{ container: 'fab-b', targets: ['10.50.0.128'] }]);
    expect(plan('h3').reachability).toEqual([]);
  });

  it('a host whose agent is off has nothing recorded, and says so', () => {
    expect(plan('h3')).toMatchObject({ objects: [], note: expect.stringContaining('nothing recorded to check: the stack keeps no agent on this host (DockerHost agent: false)') });
    expect(plan('h1').note).toBeUndefined();
  });

  it('a file written before verify existed (no "reach") asks for a new synth', () => {
    expect(problem(edited((d) => delete d.hosts[1].reach))).toBe(
      `${file}: hosts[1] (host "h2") says nothing about how to reach the host ("reach"): the file was written by a cdktf-docker-network older than verify and repair. ` +
        'Run npx cdktf synth (or npx cdktn synth) again with this version and verify the new output',
    );
  });

  it('an object without a value its scripts read asks for a new synth', () => {
    const message = problem(edited((d) => delete d.hosts[0].objects[1].variables.CDN_TUNNEL_KEY));
    expect(message).toBe(`${file}: hosts[0] (host "h1").objects[1] (fabric-tunnel "${document.hosts[0]!.objects![1]!.name}") lacks CDN_TUNNEL_KEY, which its scripts read. Run npx cdktf synth (or npx cdktn synth) again with this version and verify the new output`);
  });

  it.each([
    ['a lab environment variable that could change how scripts run', (d: any) => (d.hosts[0].reach.environment.LD_PRELOAD = '/tmp/x.so'), 'sets the environment variable "LD_PRELOAD": only DOCKER_* and OVS_* settings may be passed'],
    ['a namespace that is no namespace name', (d: any) => (d.hosts[0].reach.namespace = '../../etc'), 'names the lab namespace "../../etc", which is not a network namespace name'],
    ['an SSH host that would be read as an option', (d: any) => (d.hosts[1].reach.host = '-oProxyCommand=id'), 'names the SSH host "-oProxyCommand=id", which is not a host name or IP address'],
    ['an SSH user that is no user name', (d: any) => (d.hosts[1].reach.user = 'a b'), 'names the SSH user "a b", which is not a user name'],
    ['a value with a NUL byte', (d: any) => (d.hosts[0].objects[0].variables.CDN_FABRIC = 'a\u0000b'), 'sets CDN_FABRIC to "a\\u0000b", which starts with "-" or holds a control character'],
    ['a value a tool would read as an option', (d: any) => (d.hosts[0].objects[2].variables.CDN_CONTAINER = '--help'), 'sets CDN_CONTAINER to "--help", which starts with "-"'],
    ['a value with a line break', (d: any) => (d.hosts[0].objects[2].variables.CDN_IFNAME = 'eth1\ndrift'), 'holds a control character'],
  ])('refuses %s, naming the file and the field', (_case, edit, words) => {
    const message = problem(edited(edit));
    expect(message.startsWith(`${file}: hosts[`)).toBe(true);
    expect(message).toContain(words);
  });
});
