import { attachmentNames, interfaceNameProblem } from '../../lib/model/linux-interface-names.js';
import { validateStaticAttachment, type StaticAttachmentSpec } from '../../lib/model/static-attachment.js';

const valid: StaticAttachmentSpec = {
  path: 'app/db',
  owner: 'app/net\0app/db',
  host: 'h1',
  container: 'MongoDB',
  bridge: { kind: 'ovs', name: 'br0' },
  interfaceName: 'eth1',
  address: '10.42.0.10',
  prefixLength: 24,
  gateway: '10.42.0.1',
  mtu: 1450,
  mac: '02:42:0a:2a:00:0a',
};
const messages = (overrides: Partial<StaticAttachmentSpec>) => validateStaticAttachment({ ...valid, ...overrides }).map((p) => p.message);

describe('validateStaticAttachment', () => {
  it('accepts valid settings', () => {
    expect(messages({})).toEqual([]);
  });

  it.each(['eth 1', 'a-very-long-name-x', '-eth1', 'eth1$(id)', "eth'1", 'eth1\n', '..', ''])('rejects interface name %j', (interfaceName) => {
    expect(messages({ interfaceName })).toEqual([
      `container interface name ${JSON.stringify(interfaceName)} is not a valid Linux interface name: use at most 15 letters, digits, '_', '.' and '-', not starting with '-', e.g. "eth1" or "docker0"`,
    ]);
  });

  it.each(['eth0', 'lo'])('rejects %s, which Docker owns', (interfaceName) => {
    expect(messages({ interfaceName })).toEqual([
      `container interface name "${interfaceName}" belongs to Docker's own networking. Use another name, e.g. "eth1"`,
    ]);
  });

  it('rejects a bad bridge name', () => {
    expect(messages({ bridge: { kind: 'linux', name: 'br 0' } })[0]).toMatch(/^bridge name "br 0" is not a valid Linux interface name/);
  });

  it('rejects a container name with shell syntax', () => {
    expect(messages({ container: '$(reboot)' })[0]).toMatch(/^container name "\$\(reboot\)" is not valid/);
  });

  it.each([
    [{ mtu: 67 }, 'MTU 67 is outside 68–65535. Leave it unset to copy the bridge\'s MTU'],
    [{ mtu: 1500.5 }, 'MTU 1500.5 is outside 68–65535. Leave it unset to copy the bridge\'s MTU'],
    [{ mac: '02:42:0a:2a:00' }, 'MAC address "02:42:0a:2a:00" is not six colon-separated hex bytes. Use e.g. "02:42:0a:2a:00:0a"'],
    [{ mac: '01:00:5e:00:00:01' }, 'MAC address 01:00:5e:00:00:01 is a multicast address. Use a unicast one: the first byte must be even, e.g. "02:…"'],
    [{ mac: '00:00:00:00:00:00' }, 'MAC address 00:00:00:00:00:00 is not usable. Use a locally administered one, e.g. "02:42:0a:2a:00:0a"'],
    [{ address: '10.42.0.300' }, 'address "10.42.0.300" is not an IPv4 address'],
    [{ gateway: 'gw' }, 'gateway "gw" is not an IPv4 address'],
    [{ prefixLength: 31 }, 'prefix length 31 is outside 1–30. Use the subnet\'s prefix, e.g. 24'],
  ])('rejects %j', (overrides, message) => {
    expect(messages(overrides)).toEqual([message]);
  });
});

describe('attachmentNames', () => {
  it('derives the same names for the same attachment, within 15 characters', () => {
    const names = attachmentNames(valid);
    expect(attachmentNames({ ...valid })).toEqual(names);
    for (const name of Object.values(names)) {
      expect(name.length).toBeLessThanOrEqual(15);
      expect(interfaceNameProblem(name)).toBeUndefined();
    }
  });

  it('differs per owner, host, container and interface', () => {
    const all = [
      attachmentNames(valid),
      attachmentNames({ ...valid, owner: 'app/other-net\0app/db' }),
      attachmentNames({ ...valid, host: 'h2' }),
      attachmentNames({ ...valid, container: 'Tomcat' }),
      attachmentNames({ ...valid, interfaceName: 'eth2' }),
    ].map((n) => n.hostInterface);
    expect(new Set(all).size).toBe(5);
  });
});
