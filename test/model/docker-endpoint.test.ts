import { parseDockerEndpoint } from '../../lib/model/docker-endpoint.js';

describe('parseDockerEndpoint', () => {
  it.each([
    ['unix:///var/run/docker.sock', { kind: 'unix', socketPath: '/var/run/docker.sock' }],
    ['ssh://deploy@staging.example.com', { kind: 'ssh', user: 'deploy', host: 'staging.example.com' }],
    ['ssh://deploy@10.0.0.7:2222', { kind: 'ssh', user: 'deploy', host: '10.0.0.7', port: 2222 }],
    ['ssh://host-a', { kind: 'ssh', host: 'host-a' }],
  ])('parses %s', (endpoint, expected) => {
    expect(parseDockerEndpoint(endpoint)).toEqual({ endpoint: expected });
  });

  it.each([
    ['tcp://10.0.0.1:2375', 'uses an unsupported scheme'],
    ['unix://relative.sock', 'does not name an absolute socket path of plain characters'],
    ['unix:///var/run/docker sock', 'does not name an absolute socket path of plain characters'],
    ['unix:///run/$(id).sock', 'does not name an absolute socket path of plain characters'],
    ['ssh://host/path', 'has a path, query or fragment'],
    ['ssh://us;er@host', 'has an invalid user name'],
    ['ssh://host_name', 'has an invalid host name'],
    ['ssh://host:0', 'has a port outside 1–65535'],
  ])('rejects %s', (endpoint, why) => {
    expect(parseDockerEndpoint(endpoint)).toEqual({
      problem: `Docker endpoint ${JSON.stringify(endpoint)} ${why}. Use "unix:///var/run/docker.sock" for the local engine or "ssh://user@host[:port]" for a remote one`,
    });
  });

  it('rejects a password in the URL without repeating it', () => {
    const { problem } = parseDockerEndpoint('ssh://deploy:s3cr3t-pw@host');
    expect(problem).toBe(
      'Docker endpoint "ssh://deploy:***@host" carries a password; use an SSH key or agent instead. Use "unix:///var/run/docker.sock" for the local engine or "ssh://user@host[:port]" for a remote one',
    );
    expect(problem).not.toContain('s3cr3t');
  });
});
