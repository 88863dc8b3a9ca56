import { ContainerPort } from '../../lib/model/container-port.js';
import type { PublishedPortSpec } from '../../lib/model/topology.js';
import { validateHost } from '../../lib/model/validate-host.js';
import { host, service, topology } from '../support/specs.js';

const messages = (...args: Parameters<typeof validateHost>) => validateHost(...args).map((p) => `${p.path}: ${p.message}`);
const tcp = (hostPort: number, hostIp = '0.0.0.0', containerPort = hostPort): PublishedPortSpec => ({
  containerPort: ContainerPort.tcp(containerPort),
  hostPort,
  hostIp,
});

describe('validateHost', () => {
  it('accepts a host whose services fit together', () => {
    const services = [
      service({ name: 'a', publishedPorts: [tcp(80), tcp(443)] }),
      service({ name: 'b', publishedPorts: [tcp(8080), { ...tcp(80), containerPort: ContainerPort.udp(80) }] }),
    ];
    expect(messages(host(), topology(services))).toEqual([]);
  });

  it('rejects a bad host name and endpoint', () => {
    const h = host({ name: 'Host_A', endpoint: 'tcp://10.0.0.1:2375' });
    expect(messages(h, topology([], [h]))).toEqual([
      'app/Host_A: host name "Host_A" is not valid: use 1–31 lower-case letters, digits and \'-\', starting with a letter ' +
        '(it becomes a Terraform provider alias and part of Docker network names), e.g. "staging" or "host-a"',
      'app/Host_A: Docker endpoint "tcp://10.0.0.1:2375" uses an unsupported scheme. ' +
        'Use "unix:///var/run/docker.sock" for the local engine or "ssh://user@host[:port]" for a remote one',
    ]);
  });

  it('rejects two hosts with one name', () => {
    const first = host({ path: 'app/one' });
    const second = host({ path: 'app/two' });
    expect(messages(second, topology([], [first, second]))).toEqual([
      'app/two: host name "h1" is already used by app/one. Give each host its own name',
    ]);
  });

  it('rejects duplicate container names on one host', () => {
    const services = [service({ name: 'db', path: 'app/x/db' }), service({ name: 'db', path: 'app/y/db' })];
    expect(messages(host(), topology(services))).toEqual([
      'app/y/db: container name "db" is already used on host "h1" by app/x/db. Container names must be unique per Docker host; rename one of the services',
    ]);
  });

  it('allows one container name on two hosts', () => {
    const services = [service({ name: 'db' }), service({ name: 'db', host: 'h2', path: 'app/h2/db' })];
    expect(messages(host(), topology(services, [host(), host({ name: 'h2' })]))).toEqual([]);
  });

  it('rejects a host port published twice on the same IP and protocol', () => {
    const services = [service({ name: 'a', publishedPorts: [tcp(80)] }), service({ name: 'b', publishedPorts: [tcp(80, '0.0.0.0', 8080)] })];
    expect(messages(host(), topology(services))).toEqual([
      'app/b: host port 0.0.0.0:80/tcp is already published by app/a (0.0.0.0:80/tcp) on host "h1". Publish on another host port, or bind each to a different host IP',
    ]);
  });

  it('treats 0.0.0.0 as overlapping every IPv4 address, and :: every IPv6 address', () => {
    const v4 = [service({ name: 'a', publishedPorts: [tcp(80, '127.0.0.1')] }), service({ name: 'b', publishedPorts: [tcp(80)] })];
    expect(messages(host(), topology(v4))).toHaveLength(1);
    const v6 = [service({ name: 'a', publishedPorts: [tcp(80, '::')] }), service({ name: 'b', publishedPorts: [tcp(80, '0:0::1')] })];
    expect(messages(host(), topology(v6))[0]).toContain('host port 0:0::1:80/tcp is already published by app/a (:::80/tcp)');
  });

  it('allows one host port on two distinct addresses, or two address families', () => {
    const services = [
      service({ name: 'a', publishedPorts: [tcp(80, '127.0.0.1'), tcp(443, '::')] }),
      service({ name: 'b', publishedPorts: [tcp(80, '127.0.0.2'), tcp(443, '0.0.0.0')] }),
    ];
    expect(messages(host(), topology(services))).toEqual([]);
  });

  it('rejects an alias that names two different targets on the link network', () => {
    const services = [
      service({ name: 'MongoDB' }),
      service({ name: 'Postgres' }),
      service({ name: 'Tomcat', links: [{ target: 'MongoDB', alias: 'db' }] }),
      service({ name: 'Worker', links: [{ target: 'Postgres', alias: 'db' }] }),
    ];
    expect(messages(host(), topology(services))).toEqual([
      'app/Worker: alias "db" already points at "MongoDB" (linked by app/Tomcat), so it cannot also name "Postgres" on the host\'s link network. Choose another alias',
    ]);
  });

  it('rejects an alias that is another container\'s name', () => {
    const services = [
      service({ name: 'MongoDB' }),
      service({ name: 'ElasticSearch' }),
      service({ name: 'Tomcat', links: [{ target: 'ElasticSearch', alias: 'mongodb' }] }),
    ];
    expect(messages(host(), topology(services))).toEqual([
      'app/Tomcat: alias "mongodb" for "ElasticSearch" is the name of another container on host "h1", so the name would resolve to two containers. Choose another alias',
    ]);
  });

  it('rejects links that form a cycle', () => {
    const services = [
      service({ name: 'a', links: [{ target: 'b', alias: 'b' }] }),
      service({ name: 'b', links: [{ target: 'c', alias: 'c' }] }),
      service({ name: 'c', links: [{ target: 'a', alias: 'a' }] }),
    ];
    expect(messages(host(), topology(services))).toEqual([
      'app/c: links form a cycle (a → b → c → a); Docker and Terraform must start a target before its recipient. Remove one of the links in the cycle',
    ]);
  });
});
