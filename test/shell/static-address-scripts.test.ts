import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import {
  ATTACH_STATIC_ADDRESS_SCRIPT,
  DETACH_STATIC_ADDRESS_SCRIPT,
  staticAddressVariables,
} from '../../lib/shell/static-address-scripts.js';
import { assignmentLines } from '../../lib/shell/shell-quote.js';
import type { StaticAttachmentSpec } from '../../lib/model/static-attachment.js';

const spec: StaticAttachmentSpec = {
  path: 'app/MongoDB',
  owner: 'app/static\0app/MongoDB',
  host: 'h1',
  container: 'MongoDB',
  bridge: { kind: 'linux', name: 'docker0' },
  interfaceName: 'eth1',
  address: '10.42.0.10',
  prefixLength: 24,
  gateway: '10.42.0.1',
};

const marks = { CDN_OWNER: 'prod', CDN_STATE_DIR: '/var/lib/cdktf-docker-network' };

describe('static address scripts', () => {
  it('take every value from CDN_* variables, names derived within the 15-character limit', () => {
    const variables = staticAddressVariables(spec, marks);
    expect(variables).toEqual({
      CDN_SUBJECT: 'MongoDB eth1',
      CDN_CONTAINER: 'MongoDB',
      CDN_IFNAME: 'eth1',
      CDN_BRIDGE: 'docker0',
      CDN_BRIDGE_KIND: 'linux',
      CDN_HOST_IF: expect.stringMatching(/^cdn[0-9a-f]{10}$/),
      CDN_PEER_IF: expect.stringMatching(/^cdp[0-9a-f]{10}$/),
      CDN_NETNS: expect.stringMatching(/^cdn-[0-9a-f]{10}$/),
      CDN_ADDRESS: '10.42.0.10/24',
      CDN_GATEWAY: '10.42.0.1',
      CDN_MTU: '',
      CDN_MAC: '',
      CDN_OVN_NB: '',
      CDN_OVN_SWITCH: '',
      CDN_OVN_PORT: '',
      CDN_OWNER: 'prod',
      CDN_STATE_DIR: '/var/lib/cdktf-docker-network',
    });
    expect(variables.CDN_HOST_IF!.slice(3)).toBe(variables.CDN_PEER_IF!.slice(3));
    expect(staticAddressVariables({ ...spec, container: 'Tomcat' }, marks).CDN_HOST_IF).not.toBe(variables.CDN_HOST_IF);
    expect(staticAddressVariables(spec, marks)).toEqual(variables);
  });

  it('fill the OVN variables from an OVN port, and change nothing else', () => {
    const plain = staticAddressVariables(spec, marks);
    const ovn = staticAddressVariables(
      { ...spec, bridge: { kind: 'ovs', name: 'br-int' }, mac: '02:42:0a:2a:00:0a', ovn: { northbound: 'tcp:192.0.2.11:6641,tcp:192.0.2.12:6641', logicalSwitch: 'shop-ls', port: 'shop-db' } },
      marks,
    );
    expect(ovn).toEqual({
      ...plain,
      CDN_BRIDGE: 'br-int',
      CDN_BRIDGE_KIND: 'ovs',
      CDN_MAC: '02:42:0a:2a:00:0a',
      CDN_OVN_NB: 'tcp:192.0.2.11:6641,tcp:192.0.2.12:6641',
      CDN_OVN_SWITCH: 'shop-ls',
      CDN_OVN_PORT: 'shop-db',
    });
  });

  describe('with hostile values that got past validation, nothing executes', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'cdn-hostile-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const hostile = (marker: string) => ({
      ...staticAddressVariables(spec, marks),
      CDN_CONTAINER: `$(touch ${marker}-1)\`touch ${marker}-2\`; touch ${marker}-3`,
      CDN_IFNAME: `e'th1\n$(touch ${marker}-4)`,
      CDN_BRIDGE: `"; touch ${marker}-5; "`,
      CDN_NETNS: `x; touch ${marker}-6`,
      CDN_HOST_IF: `$(touch ${marker}-7)`,
      CDN_OWNER: `$(touch ${marker}-8)`,
      CDN_MAC: '02:42:0a:2a:00:0a',
      CDN_OVN_NB: `tcp:$(touch ${marker}-9):6641,\`touch ${marker}-10\``,
      CDN_OVN_SWITCH: `ls; touch ${marker}-11`,
      CDN_OVN_PORT: `"$(touch ${marker}-12)"`,
      CDN_STATE_DIR: join(dir, 'state'),
    });

    it.each([
      ['create, values from the environment', ATTACH_STATIC_ADDRESS_SCRIPT, 'environment'],
      ['teardown, values from the environment', DETACH_STATIC_ADDRESS_SCRIPT, 'environment'],
      ['create, values as quoted assignments (remote-exec)', ATTACH_STATIC_ADDRESS_SCRIPT, 'assignments'],
      ['teardown, values as quoted assignments (remote-exec)', DETACH_STATIC_ADDRESS_SCRIPT, 'assignments'],
    ])('%s', async (_what, script, how) => {
      const marker = join(dir, 'pwned');
      const variables = hostile(marker);
      // No Docker engine is reachable at this socket, so the create script stops at "finding container".
      const env = { DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}`, PATH: process.env.PATH ?? '/usr/bin:/bin' };
      const result =
        how === 'environment'
          ? await execa('sh', ['-c', script], { env: { ...env, ...variables }, extendEnv: false, reject: false })
          : await execa('sh', ['-c', [...assignmentLines(variables), script].join('\n')], { env, extendEnv: false, reject: false });
      for (let i = 1; i <= 12; i++) expect(existsSync(`${marker}-${i}`)).toBe(false);
      if (script === ATTACH_STATIC_ADDRESS_SCRIPT) {
        expect(result.exitCode).not.toBe(0);
        expect(result.stderr).toContain(variables.CDN_CONTAINER);
      }
    });
  });
});
