import { canonicalTopology, topologyJson, type TopologyDocument } from '../../lib/report/topology-document.js';
import { jsonPath, validateTopologyDocument } from '../../lib/report/validate-topology-document.js';
import { sampleOvnTopology, sampleTopology, sampleTopologyV1 } from './sample-topology.js';

/** A deep, mutable copy to break. */
const copy = (document: unknown = sampleTopology()): any => JSON.parse(JSON.stringify(document));

describe('validateTopologyDocument', () => {
  it('accepts a valid document and returns it', () => {
    expect(validateTopologyDocument(copy())).toEqual({ ok: true, document: sampleTopology() });
  });

  it('names every bad field by its JSON path, says what it must be and what it is', () => {
    const document = copy();
    document.hosts[0].access = 'telnet';
    document.services[1].addresses[0].network = 7;
    delete document.services[0].image;
    document.services[1].publishedPorts[0].hostPort = 70000;
    document.services[1].exposedPorts[0] = '8080';
    document.fabrics[0].engine.tunnels[0].between = ['host-a'];
    document.fabrics[0].mtu.container = 1500.5;
    document.networks[0].name = '';
    expect(validateTopologyDocument(document)).toEqual({
      ok: false,
      problem: 'shape',
      issues: [
        'hosts[0].access must be one of "local", "ssh", "lab-namespace" (got "telnet")',
        'networks[0].name must not be empty (got "")',
        'services[0].image is missing; it must be a string',
        'services[1].addresses[0].network must be a string (got 7)',
        'services[1].exposedPorts[0] must be a port and protocol such as "8080/tcp" (protocols: tcp, udp, sctp) (got "8080")',
        'services[1].publishedPorts[0].hostPort must be at most 65535 (got 70000)',
        'fabrics[0].mtu.container must be a whole number (got 1500.5)',
        'fabrics[0].engine.tunnels[0].between must have at least 2 items (got an array of 1 item)',
      ],
    });
  });

  it('says so when the document is not an object at all', () => {
    expect(validateTopologyDocument([])).toEqual({ ok: false, problem: 'shape', issues: ['the document must be an object (got an empty array)'] });
    expect(validateTopologyDocument(null)).toEqual({ ok: false, problem: 'shape', issues: ['the document must be an object (got null)'] });
  });

  it('reports a schema version it cannot read as such, before looking at the fields', () => {
    expect(validateTopologyDocument({ schemaVersion: 3, everything: 'different' })).toEqual({ ok: false, problem: 'schema-version', found: 3 });
    expect(validateTopologyDocument({ ...copy(), schemaVersion: 0 })).toEqual({ ok: false, problem: 'schema-version', found: 0 });
    expect(validateTopologyDocument({ ...copy(), schemaVersion: 1.5 })).toEqual({ ok: false, problem: 'schema-version', found: 1.5 });
    // Not a number: a shape problem of the field.
    expect(validateTopologyDocument({ ...copy(), schemaVersion: '1' })).toEqual({ ok: false, problem: 'shape', issues: ['schemaVersion must be 2 (got "1")'] });
  });

  it('drops fields the schema does not know (a reader keeps to what it understands)', () => {
    const result = validateTopologyDocument({ ...copy(), comment: 'added by hand' });
    expect(result).toEqual({ ok: true, document: sampleTopology() });
  });

  it('writes JSON paths the way a reader would type them', () => {
    expect(jsonPath([])).toBe('the document');
    expect(jsonPath(['services', 2, 'addresses', 0, 'network'])).toBe('services[2].addresses[0].network');
    expect(jsonPath(['odd key', 'a.b'])).toBe('["odd key"]["a.b"]');
  });
});

describe('validateTopologyDocument on OVN fabrics', () => {
  it('accepts an OVN engine and returns it', () => {
    expect(validateTopologyDocument(copy(sampleOvnTopology()))).toEqual({ ok: true, document: sampleOvnTopology() });
  });

  it('names each bad field of an OVN engine by its JSON path', () => {
    const document = copy(sampleOvnTopology());
    const engine = document.fabrics[0].engine;
    engine.encapsulation = 'gre';
    engine.logicalSwitch = '';
    engine.central.clustered = 'yes';
    engine.central.addresses = [];
    delete engine.chassis[1].encapIp;
    expect(validateTopologyDocument(document)).toEqual({
      ok: false,
      problem: 'shape',
      issues: [
        'fabrics[0].engine.encapsulation must be one of "geneve", "vxlan" (got "gre")',
        'fabrics[0].engine.logicalSwitch must not be empty (got "")',
        'fabrics[0].engine.central.addresses must have at least 1 item (got an empty array)',
        'fabrics[0].engine.central.clustered must be true or false (got "yes")',
        'fabrics[0].engine.chassis[1].encapIp is missing; it must be a string',
      ],
    });
  });

  it('says which engines there are when the type is unknown or missing', () => {
    const unknown = copy(sampleOvnTopology());
    unknown.fabrics[0].engine.type = 'ovs';
    expect(validateTopologyDocument(unknown)).toEqual({ ok: false, problem: 'shape', issues: ['fabrics[0].engine.type must be one of "mesh", "ovn" (got "ovs")'] });
    delete unknown.fabrics[0].engine.type;
    expect(validateTopologyDocument(unknown)).toEqual({ ok: false, problem: 'shape', issues: ['fabrics[0].engine.type is missing; it must be one of "mesh", "ovn"'] });
  });

  it('checks an engine against its own type: OVN fields under a mesh are missing mesh fields', () => {
    const document = copy(sampleOvnTopology());
    document.fabrics[0].engine.type = 'mesh';
    expect(validateTopologyDocument(document)).toEqual({
      ok: false,
      problem: 'shape',
      issues: [
        'fabrics[0].engine.tunnel is missing; it must be one of "gre", "vxlan"',
        'fabrics[0].engine.key is missing; it must be a number',
        'fabrics[0].engine.loopPrevention is missing; it must be one of "protected", "stp", "rstp"',
        'fabrics[0].engine.tunnels is missing; it must be an array',
      ],
    });
  });

  it('a version 2 document with a version 1 fabric: the engine is missing', () => {
    const document = { ...copy(sampleTopologyV1()), schemaVersion: 2 };
    expect(validateTopologyDocument(document)).toEqual({ ok: false, problem: 'shape', issues: ['fabrics[0].engine is missing; it must be an object'] });
  });

  it('keeps the order of the central hosts and addresses (the first bootstraps the cluster), and sorts the chassis by host', () => {
    const sample = sampleOvnTopology();
    const engine = sample.fabrics[0]!.engine;
    if (engine.type !== 'ovn') throw new Error('the OVN sample has an OVN engine');
    const central = { hosts: ['host-c', 'host-a', 'host-b'], addresses: ['192.0.2.13', '192.0.2.11', '192.0.2.12'], clustered: true };
    const shuffled: TopologyDocument = { ...sample, fabrics: [{ ...sample.fabrics[0]!, engine: { ...engine, central, chassis: [...engine.chassis].reverse() } }] };
    const canonical = canonicalTopology(shuffled).fabrics[0]!.engine;
    expect(canonical).toEqual({ ...engine, central });
    expect(JSON.parse(topologyJson(shuffled)).fabrics[0].engine.chassis.map((c: { host: string }) => c.host)).toEqual(['host-a', 'host-b', 'host-c', 'host-d']);
  });
});

describe('validateTopologyDocument on version 1 (written before fabric engines)', () => {
  it('reads it as version 2: each fabric a mesh with its tunnels, key and loop prevention, its hosts keeping their gateways', () => {
    expect(validateTopologyDocument(sampleTopologyV1())).toEqual({ ok: true, document: sampleTopology() });
  });

  it('reads it into the same bytes as version 2 writes', () => {
    const result = validateTopologyDocument(sampleTopologyV1());
    expect(result.ok && topologyJson(result.document)).toBe(topologyJson(sampleTopology()));
  });

  it('names a bad field by its path in the version 1 file', () => {
    const document = copy(sampleTopologyV1());
    document.fabrics[0].tunnels[0].type = 'ipip';
    document.fabrics[0].loopPrevention = 'none';
    delete document.fabrics[0].hosts[1].gateway;
    document.services[0].image = 7;
    expect(validateTopologyDocument(document)).toEqual({
      ok: false,
      problem: 'shape',
      issues: [
        'services[0].image must be a string (got 7)',
        'fabrics[0].loopPrevention must be one of "protected", "stp", "rstp" (got "none")',
        'fabrics[0].hosts[1].gateway is missing; it must be a string',
        'fabrics[0].tunnels[0].type must be one of "gre", "vxlan" (got "ipip")',
      ],
    });
  });

  it('a version 1 document with a version 2 fabric is checked as version 1', () => {
    const document = { ...copy(sampleTopology()), schemaVersion: 1 };
    expect(validateTopologyDocument(document)).toEqual({
      ok: false,
      problem: 'shape',
      issues: [
        'fabrics[0].tunnel is missing; it must be one of "gre", "vxlan"',
        'fabrics[0].key is missing; it must be a number',
        'fabrics[0].loopPrevention is missing; it must be one of "protected", "stp", "rstp"',
        'fabrics[0].tunnels is missing; it must be an array',
      ],
    });
  });
});
