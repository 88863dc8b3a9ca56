import { isValidPortNumber } from './container-port.js';

/** How the Docker client reaches a host's engine. */
export type DockerEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string }
  | { readonly kind: 'ssh'; readonly user?: string; readonly host: string; readonly port?: number };

const SOCKET_PATH = /^\/[A-Za-z0-9._/-]+$/;
const SSH_USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const BRACKETED_IPV6 = /^\[[0-9a-fA-F:.]+\]$/;
const IPV6 = /^[0-9a-fA-F:.]+$/;

/** True for a user name SSH can log in as (letters, digits, `_`, `.`, `-`; at most 32). */
export function isValidSshUser(user: string): boolean {
  return SSH_USER.test(user);
}

/** True for a host name or an IP address (IPv6 with or without brackets). */
export function isValidSshHost(host: string): boolean {
  return HOST_NAME.test(host) || BRACKETED_IPV6.test(host) || (host.includes(':') && IPV6.test(host));
}

const FIX = 'Use "unix:///var/run/docker.sock" for the local engine or "ssh://user@host[:port]" for a remote one';

/**
 * Parses a Docker endpoint (`DOCKER_HOST` syntax). Only `unix://` and `ssh://`
 * are accepted: both keep the engine's API off the network.
 */
export function parseDockerEndpoint(endpoint: string): { endpoint?: DockerEndpoint; problem?: string } {
  const bad = (why: string, shown = endpoint) => ({ problem: `Docker endpoint ${JSON.stringify(shown)} ${why}. ${FIX}` });
  if (endpoint.startsWith('unix://')) {
    const socketPath = endpoint.slice('unix://'.length);
    if (!SOCKET_PATH.test(socketPath)) return bad('does not name an absolute socket path of plain characters');
    return { endpoint: { kind: 'unix', socketPath } };
  }
  if (endpoint.startsWith('ssh://')) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return bad('is not a valid ssh:// URL');
    }
    // Never repeat the secret in a message that ends up in logs.
    if (url.password) return bad('carries a password; use an SSH key or agent instead', endpoint.replace(`:${url.password}@`, ':***@'));
    if ((url.pathname && url.pathname !== '/') || url.search || url.hash) return bad('has a path, query or fragment');
    const user = url.username ? decodeURIComponent(url.username) : undefined;
    if (user !== undefined && !isValidSshUser(user)) return bad('has an invalid user name');
    if (!isValidSshHost(url.hostname)) return bad('has an invalid host name');
    const port = url.port ? Number(url.port) : undefined;
    if (port !== undefined && !isValidPortNumber(port)) return bad('has a port outside 1–65535');
    return {
      endpoint: {
        kind: 'ssh',
        host: url.hostname,
        ...(user !== undefined ? { user } : {}),
        ...(port !== undefined ? { port } : {}),
      },
    };
  }
  return bad('uses an unsupported scheme');
}
