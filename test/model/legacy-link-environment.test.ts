import fc from 'fast-check';
import { ContainerPort, type Protocol } from '../../lib/model/container-port.js';
import { legacyLinkEnvironment, linkEnvironmentPrefix } from '../../lib/model/legacy-link-environment.js';

const IP = '172.17.0.5';

describe('legacyLinkEnvironment', () => {
  it('produces exactly what Docker sets for --link MongoDB:db (27017/tcp, 27018/tcp, MONGO_VERSION=2.6)', () => {
    const env = legacyLinkEnvironment({
      recipientName: 'Tomcat',
      alias: 'db',
      targetAddress: IP,
      exposedPorts: [ContainerPort.tcp(27018), ContainerPort.tcp(27017)],
      targetEnvironment: [['MONGO_VERSION', '2.6']],
    });
    expect(env).toEqual([
      ['DB_PORT', 'tcp://172.17.0.5:27017'],
      ['DB_PORT_27017_TCP', 'tcp://172.17.0.5:27017'],
      ['DB_PORT_27017_TCP_ADDR', '172.17.0.5'],
      ['DB_PORT_27017_TCP_PORT', '27017'],
      ['DB_PORT_27017_TCP_PROTO', 'tcp'],
      ['DB_PORT_27018_TCP', 'tcp://172.17.0.5:27018'],
      ['DB_PORT_27018_TCP_ADDR', '172.17.0.5'],
      ['DB_PORT_27018_TCP_PORT', '27018'],
      ['DB_PORT_27018_TCP_PROTO', 'tcp'],
      // 27017–27018 are consecutive: Docker adds the range variables under the first port.
      ['DB_PORT_27017_TCP_START', 'tcp://172.17.0.5:27017'],
      ['DB_PORT_27017_TCP_PORT_START', '27017'],
      ['DB_PORT_27017_TCP_END', 'tcp://172.17.0.5:27018'],
      ['DB_PORT_27017_TCP_PORT_END', '27018'],
      ['DB_NAME', '/Tomcat/db'],
      ['DB_ENV_MONGO_VERSION', '2.6'],
    ]);
  });

  it('upper-cases the alias and turns dashes into underscores, but keeps the alias in _NAME', () => {
    const env = new Map(
      legacyLinkEnvironment({
        recipientName: 'web',
        alias: 'my-db',
        targetAddress: IP,
        exposedPorts: [ContainerPort.tcp(5432)],
        targetEnvironment: [],
      }),
    );
    expect(env.get('MY_DB_PORT')).toBe('tcp://172.17.0.5:5432');
    expect(env.get('MY_DB_NAME')).toBe('/web/my-db');
    expect(linkEnvironmentPrefix('Es-Node_1')).toBe('ES_NODE_1');
  });

  it('puts TCP first, names UDP ports with _UDP, and picks the first TCP port for <ALIAS>_PORT', () => {
    const env = legacyLinkEnvironment({
      recipientName: 'app',
      alias: 'dns',
      targetAddress: IP,
      exposedPorts: [ContainerPort.udp(53), ContainerPort.tcp(953), ContainerPort.tcp(53)],
      targetEnvironment: [],
    });
    const keys = env.map(([key]) => key);
    expect(env[0]).toEqual(['DNS_PORT', 'tcp://172.17.0.5:53']);
    expect(keys.indexOf('DNS_PORT_53_TCP')).toBeLessThan(keys.indexOf('DNS_PORT_953_TCP'));
    expect(keys.indexOf('DNS_PORT_953_TCP')).toBeLessThan(keys.indexOf('DNS_PORT_53_UDP'));
    expect(new Map(env).get('DNS_PORT_53_UDP')).toBe('udp://172.17.0.5:53');
    expect(new Map(env).get('DNS_PORT_53_UDP_PROTO')).toBe('udp');
    // 53/tcp and 53/udp are not a range: different protocols.
    expect(keys.some((key) => key.endsWith('_START'))).toBe(false);
  });

  it('orders non-TCP protocols by name (sctp before udp)', () => {
    const keys = legacyLinkEnvironment({
      recipientName: 'app',
      alias: 'x',
      targetAddress: IP,
      exposedPorts: [ContainerPort.udp(10), ContainerPort.sctp(20)],
      targetEnvironment: [],
    }).map(([key]) => key);
    expect(keys[0]).toBe('X_PORT');
    expect(keys[1]).toBe('X_PORT_20_SCTP');
    expect(keys[5]).toBe('X_PORT_10_UDP');
  });

  it('emits a run of consecutive ports after the per-port variables of the port that ends it', () => {
    const keys = legacyLinkEnvironment({
      recipientName: 'app',
      alias: 'web',
      targetAddress: IP,
      exposedPorts: [ContainerPort.tcp(80), ContainerPort.tcp(81), ContainerPort.tcp(82), ContainerPort.tcp(443)],
      targetEnvironment: [],
    }).map(([key]) => key);
    expect(keys).toEqual([
      'WEB_PORT',
      ...['80', '81', '82'].flatMap((p) => [`WEB_PORT_${p}_TCP`, `WEB_PORT_${p}_TCP_ADDR`, `WEB_PORT_${p}_TCP_PORT`, `WEB_PORT_${p}_TCP_PROTO`]),
      'WEB_PORT_443_TCP',
      'WEB_PORT_443_TCP_ADDR',
      'WEB_PORT_443_TCP_PORT',
      'WEB_PORT_443_TCP_PROTO',
      'WEB_PORT_80_TCP_START',
      'WEB_PORT_80_TCP_PORT_START',
      'WEB_PORT_80_TCP_END',
      'WEB_PORT_80_TCP_PORT_END',
      'WEB_NAME',
    ]);
  });

  it('leaves out HOME and PATH of the target, keeps everything else in order', () => {
    const env = legacyLinkEnvironment({
      recipientName: 'app',
      alias: 'db',
      targetAddress: IP,
      exposedPorts: [],
      targetEnvironment: [
        ['PATH', '/usr/bin'],
        ['B', '2'],
        ['HOME', '/root'],
        ['A', 'x=y'],
      ],
    });
    expect(env).toEqual([
      ['DB_NAME', '/app/db'],
      ['DB_ENV_B', '2'],
      ['DB_ENV_A', 'x=y'],
    ]);
  });

  it('treats repeated ports as one, as Docker keeps exposed ports in a set', () => {
    const env = legacyLinkEnvironment({
      recipientName: 'app',
      alias: 'db',
      targetAddress: IP,
      exposedPorts: [ContainerPort.tcp(27017), ContainerPort.tcp(27017)],
      targetEnvironment: [],
    });
    expect(env.filter(([key]) => key === 'DB_PORT_27017_TCP')).toHaveLength(1);
  });

  it('for any set of ports: four variables per port, no duplicate keys, _PORT names the first TCP port', () => {
    const protocol = fc.constantFrom<Protocol>('tcp', 'udp', 'sctp');
    const port = fc.record({ port: fc.integer({ min: 1, max: 65535 }), protocol });
    fc.assert(
      fc.property(fc.array(port, { maxLength: 12 }), (raw) => {
        const ports = raw.map((p) => ContainerPort[p.protocol](p.port));
        const unique = new Set(ports.map((p) => p.toString()));
        const env = legacyLinkEnvironment({ recipientName: 'r', alias: 'a', targetAddress: IP, exposedPorts: ports, targetEnvironment: [] });
        const keys = env.map(([key]) => key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const p of ports) {
          const prefix = `A_PORT_${p.port}_${p.protocol.toUpperCase()}`;
          expect(keys).toEqual(expect.arrayContaining([prefix, `${prefix}_ADDR`, `${prefix}_PORT`, `${prefix}_PROTO`]));
        }
        const perPort = keys.filter((k) => /^A_PORT_\d+_[A-Z]+$/.test(k));
        expect(perPort).toHaveLength(unique.size);
        const tcp = ports.filter((p) => p.protocol === 'tcp').map((p) => p.port);
        if (tcp.length > 0) expect(env[0]).toEqual(['A_PORT', `tcp://${IP}:${Math.min(...tcp)}`]);
        if (ports.length === 0) expect(keys).toEqual(['A_NAME']);
      }),
    );
  });
});
