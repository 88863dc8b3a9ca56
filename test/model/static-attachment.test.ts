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

describe('validateStaticAttachment of an OVN port', () => {
  const ovn = { northbound: 'tcp:192.168.77.11:6641,tcp:192.168.77.12:6641', logicalSwitch: 'cdnl-1a2b3c4d', port: 'shop_db.eth1' };
  const ovnMessages = (overrides: Partial<StaticAttachmentSpec['ovn'] & object>, spec: Partial<StaticAttachmentSpec> = {}) =>
    messages({ ovn: { ...ovn, ...overrides }, ...spec });

  it('accepts an OVN port on an Open vSwitch bridge with a MAC address, one remote or several', () => {
    expect(ovnMessages({})).toEqual([]);
    expect(ovnMessages({ northbound: 'tcp:10.0.0.1:6641' })).toEqual([]);
  });

  it.each(['', 'ls 1', '-ls', '.ls', 'ls$(id)', "l's", 'ls\n', 'x'.repeat(65), 'ls,other'])('rejects logical switch name %j', (logicalSwitch) => {
    expect(ovnMessages({ logicalSwitch })).toEqual([
      `OVN logical switch name ${JSON.stringify(logicalSwitch)} is not usable: use 1–64 letters, digits, '_', '.' and '-', starting with a letter, digit or '_'`,
    ]);
  });

  it('rejects a bad logical switch port name', () => {
    expect(ovnMessages({ port: 'db eth1' })).toEqual([
      `OVN logical switch port name "db eth1" is not usable: use 1–64 letters, digits, '_', '.' and '-', starting with a letter, digit or '_'`,
    ]);
  });

  it.each([
    ['', '""'],
    ['192.168.77.11:6641', '"192.168.77.11:6641"'],
    ['tcp:192.168.77.11', '"tcp:192.168.77.11"'],
    ['ssl:192.168.77.11:6641', '"ssl:192.168.77.11:6641"'],
    ['tcp:192.168.77.300:6641', '"tcp:192.168.77.300:6641"'],
    ['tcp:192.168.77.11:0', '"tcp:192.168.77.11:0"'],
    ['tcp:192.168.77.11:65536', '"tcp:192.168.77.11:65536"'],
    ['tcp:central:6641', '"tcp:central:6641"'],
    ['tcp:192.168.77.11:6641,', '""'],
    ['tcp:192.168.77.11:6641, tcp:192.168.77.12:6641', '" tcp:192.168.77.12:6641"'],
    ['tcp:192.168.77.11:6641;reboot', '"tcp:192.168.77.11:6641;reboot"'],
  ])('rejects northbound remotes %j', (northbound, bad) => {
    expect(ovnMessages({ northbound })).toEqual([
      `OVN northbound database ${JSON.stringify(northbound)} is not a comma-separated list of tcp:IPv4:port remotes (${bad}). Use e.g. "tcp:192.168.0.11:6641,tcp:192.168.0.12:6641"`,
    ]);
  });

  it('requires a MAC address', () => {
    expect(ovnMessages({}, { mac: undefined })).toEqual([
      'OVN port "shop_db.eth1" has no MAC address: a logical switch port needs the interface\'s MAC. Plan one, e.g. "02:42:0a:2a:00:0a"',
    ]);
  });

  it('requires an Open vSwitch bridge', () => {
    expect(ovnMessages({}, { bridge: { kind: 'linux', name: 'docker0' } })).toEqual([
      'OVN port "shop_db.eth1" joins bridge docker0 of kind linux: an OVN port joins the chassis\'s integration bridge, an Open vSwitch bridge (kind "ovs")',
    ]);
  });

  it('says everything that is wrong at once', () => {
    expect(ovnMessages({ logicalSwitch: '', port: '', northbound: '' }, { mac: undefined })).toHaveLength(4);
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
