import { ContainerPort } from '../../lib/model/container-port.js';
import { validateService } from '../../lib/model/validate-service.js';
import { service } from '../support/specs.js';

const messages = (s: Parameters<typeof validateService>[0], isUnresolved?: (v: string) => boolean) =>
  validateService(s, isUnresolved ? { isUnresolved } : {}).map((p) => `${p.path}: ${p.message}`);

describe('validateService', () => {
  it('accepts a well-formed service', () => {
    expect(
      messages(
        service({
          name: 'MongoDB',
          image: 'registry.example.com:5000/team/mongo:7.0@sha256:' + 'a'.repeat(64),
          environment: [['MONGO_VERSION', '2.6'], ['discovery.type', 'single-node']],
          exposedPorts: [ContainerPort.tcp(27017), ContainerPort.udp(53)],
          publishedPorts: [{ containerPort: ContainerPort.tcp(27017), hostPort: 27017, hostIp: '::1' }],
          links: [{ target: 'x', alias: 'my-db_1' }],
          extraHosts: [{ hostname: 'host.docker.internal', address: 'host-gateway' }],
        }),
      ),
    ).toEqual([]);
  });

  it.each([
    ['a space', 'Mongo DB'],
    ['a single character', 'm'],
    ['a leading dash', '-mongo'],
    ['a slash', 'mongo/db'],
    ['shell syntax', '$(reboot)'],
  ])('rejects a container name with %s', (_what, name) => {
    expect(messages(service({ name }))).toEqual([
      `app/${name}: container name ${JSON.stringify(name)} is not valid: Docker allows letters, digits, '_', '.' and '-', ` +
        'at least two characters, starting with a letter or digit. Rename it, e.g. "MongoDB" or "mongo-db"',
    ]);
  });

  it.each(['Mongo:7', 'mongo:', 'mongo::7', 'mongo 7', 'mongo:7;rm -rf /', ''])('rejects image reference %j', (image) => {
    const [problem, ...rest] = messages(service({ name: 'db', image }));
    expect(rest).toEqual([]);
    expect(problem).toContain(`app/db: image ${JSON.stringify(image)} is not a valid Docker image reference.`);
    expect(problem).toContain('Use [registry/]name[:tag][@sha256:digest]');
  });

  it('says repository names must be lower case', () => {
    expect(messages(service({ name: 'db', image: 'Mongo:7' }))[0]).toContain('Repository names must be lower case.');
  });

  it('does not check an image that Terraform resolves later', () => {
    expect(messages(service({ name: 'db', image: '${var.image}' }), (v) => v.startsWith('${'))).toEqual([]);
  });

  it('asks for a literal container name when it is a placeholder', () => {
    expect(messages(service({ name: '${var.name}' }), (v) => v.startsWith('${'))).toEqual([
      'app/${var.name}: the container name must be a literal string known at synth (it names link variables and hosts entries). Pass a plain string',
    ]);
  });

  it.each(['1ABC', 'MY VAR', 'A=B', 'X$Y', "it's", ''])('rejects environment key %j', (key) => {
    expect(messages(service({ name: 'db', environment: [[key, 'v']] }))).toEqual([
      `app/db: environment variable name ${JSON.stringify(key)} is not valid: use letters, digits, '_', '.' and '-', not starting with a digit (e.g. "MONGO_VERSION")`,
    ]);
  });

  it.each([0, 65536, -1])('rejects exposed port %d', (port) => {
    expect(messages(service({ name: 'db', exposedPorts: [ContainerPort.tcp(port)] }))).toEqual([
      `app/db: exposed port ${port}/tcp is outside 1–65535. Expose the port the process listens on`,
    ]);
  });

  it('rejects a fractional port and a port that came from JSON as a string', () => {
    expect(messages(service({ name: 'db', exposedPorts: [ContainerPort.tcp(80.5)] }))).toEqual([
      'app/db: exposed port 80.5/tcp is not a whole number. Expose the port the process listens on',
    ]);
    expect(messages(service({ name: 'db', exposedPorts: [ContainerPort.tcp('80' as unknown as number)] }))).toEqual([
      'app/db: exposed port "80"/tcp is not a number (write it without quotes). Expose the port the process listens on',
    ]);
  });

  it('rejects published container and host ports outside 1–65535, naming each', () => {
    expect(
      messages(service({ name: 'db', publishedPorts: [{ containerPort: ContainerPort.udp(70000), hostPort: 0, hostIp: '0.0.0.0' }] })),
    ).toEqual([
      'app/db: published container port 70000/udp is outside 1–65535. Publish the port the process listens on',
      'app/db: host port 0 (for 70000/udp) is outside 1–65535. Choose a host port between 1 and 65535',
    ]);
  });

  it.each(['localhost', '300.1.1.1', '0x7f.1', '1.2.3', '10.0.0.1/24', 'fe80::1%eth0'])('rejects host IP %j', (hostIp) => {
    expect(messages(service({ name: 'db', publishedPorts: [{ containerPort: ContainerPort.tcp(80), hostPort: 80, hostIp }] }))).toEqual([
      `app/db: host IP ${JSON.stringify(hostIp)} (for 80/tcp) is not an IPv4 or IPv6 address. Use e.g. "0.0.0.0" (every IPv4 address) or "127.0.0.1"`,
    ]);
  });

  it.each(['my.db', '-db', 'd b', '', 'db`id`'])('rejects link alias %j', (alias) => {
    expect(messages(service({ name: 'web', links: [{ target: 'db', alias }] }))).toEqual([
      `app/web: link alias ${JSON.stringify(alias)} is not valid: use letters, digits, '_' and '-', starting with a letter or digit ` +
        '(the alias names the link variables, e.g. "db" gives DB_PORT_27017_TCP_ADDR)',
    ]);
  });

  it('rejects a bad extra host name and address', () => {
    expect(messages(service({ name: 'web', extraHosts: [{ hostname: 'bad_name', address: 'gateway' }] }))).toEqual([
      `app/web: extra host name "bad_name" is not a valid host name: use dot-separated labels of letters, digits and '-', e.g. "host.docker.internal"`,
      'app/web: extra host "bad_name" has address "gateway", which is neither an IP address nor "host-gateway". Use e.g. "10.0.0.5" or "host-gateway"',
    ]);
  });
});
