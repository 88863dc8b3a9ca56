import { jsonPath, validateTopologyDocument } from '../../lib/report/validate-topology-document.js';
import { sampleTopology } from './sample-topology.js';

/** A deep, mutable copy to break. */
const copy = (): any => JSON.parse(JSON.stringify(sampleTopology()));

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
    document.fabrics[0].tunnels[0].between = ['host-a'];
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
        'fabrics[0].tunnels[0].between must have at least 2 items (got an array of 1 item)',
      ],
    });
  });

  it('says so when the document is not an object at all', () => {
    expect(validateTopologyDocument([])).toEqual({ ok: false, problem: 'shape', issues: ['the document must be an object (got an empty array)'] });
    expect(validateTopologyDocument(null)).toEqual({ ok: false, problem: 'shape', issues: ['the document must be an object (got null)'] });
  });

  it('reports another schema version as such, before looking at the fields', () => {
    expect(validateTopologyDocument({ schemaVersion: 2, everything: 'different' })).toEqual({ ok: false, problem: 'schema-version', found: 2 });
    expect(validateTopologyDocument({ ...copy(), schemaVersion: 0 })).toEqual({ ok: false, problem: 'schema-version', found: 0 });
    // Not a number: a shape problem of the field.
    expect(validateTopologyDocument({ ...copy(), schemaVersion: '1' })).toEqual({ ok: false, problem: 'shape', issues: ['schemaVersion must be 1 (got "1")'] });
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
