import { createHash } from 'node:crypto';

/** Linux limits interface names to 15 bytes (IFNAMSIZ 16 with the terminating NUL). */
export const MAX_INTERFACE_NAME_LENGTH = 15;

/** Letters, digits, `_`, `.` and `-`, not starting with `-` (it would read as an option). */
const INTERFACE_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

/** Why `name` cannot be a Linux network interface (or bridge) name. */
export function interfaceNameProblem(name: string, what = 'interface name'): string | undefined {
  if (name.length <= MAX_INTERFACE_NAME_LENGTH && INTERFACE_NAME.test(name) && name !== '.' && name !== '..') return undefined;
  return (
    `${what} ${JSON.stringify(name)} is not a valid Linux interface name: use at most ${MAX_INTERFACE_NAME_LENGTH} ` +
    `letters, digits, '_', '.' and '-', not starting with '-', e.g. "eth1" or "docker0"`
  );
}

/** Names one static attachment uses on its host, all derived from what it attaches. */
export interface AttachmentNames {
  /** Host end of the veth pair (stays on the host, joins the bridge). */
  readonly hostInterface: string;
  /** Peer end's name until it is renamed inside the container. */
  readonly peerInterface: string;
  /** Name of the container's namespace under /run/netns while the script runs. */
  readonly namespace: string;
}

/**
 * `length` hex digits of a SHA-256 over `parts`: the deterministic suffix of
 * generated names (interfaces, namespaces, ports) and of derived ids.
 */
export function shortHash(length: number, ...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, length);
}

/** What identifies one static attachment: its owner (network and service) and where it lives. */
export interface AttachmentIdentity {
  /** The owning network and service, as construct paths. */
  readonly owner: string;
  readonly host: string;
  readonly container: string;
  readonly interfaceName: string;
}

/**
 * Deterministic names within the 15-character limit, from a short hash of the
 * attachment's identity: the same attachment always gets the same names (so
 * re-runs and teardown find them), and two attachments — two networks giving one
 * container an interface among them — practically never share one.
 */
export function attachmentNames(identity: AttachmentIdentity): AttachmentNames {
  const hash = shortHash(10, identity.owner, identity.host, identity.container, identity.interfaceName);
  return { hostInterface: `cdn${hash}`, peerInterface: `cdp${hash}`, namespace: `cdn-${hash}` };
}
