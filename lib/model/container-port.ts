/** Transport protocols Docker can expose and publish. */
export type Protocol = 'tcp' | 'udp' | 'sctp';

/** Every protocol Docker accepts, in the order Docker documents them. */
export const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'sctp'];

const CONTAINER_PORT = Symbol.for('cdktf-docker-network.ContainerPort');

/** True for a {@link ContainerPort} (also one made by another copy of this package). */
export function isContainerPort(x: unknown): x is ContainerPort {
  return x !== null && typeof x === 'object' && CONTAINER_PORT in x;
}

/**
 * A port a container listens on, as in a Dockerfile's `EXPOSE 27017/tcp`.
 *
 * A value object: build it with {@link ContainerPort.tcp}, {@link ContainerPort.udp}
 * or {@link ContainerPort.sctp}. Its range is checked where it is used, so the
 * error can name the construct that holds it.
 */
export class ContainerPort {
  /** Returns whether `x` is a ContainerPort (also one made by another copy of this package). */
  public static isContainerPort(x: unknown): x is ContainerPort {
    return isContainerPort(x);
  }

  /** A TCP port, e.g. `ContainerPort.tcp(9200)`. */
  public static tcp(port: number): ContainerPort {
    return new ContainerPort(port, 'tcp');
  }

  /** A UDP port, e.g. `ContainerPort.udp(53)`. */
  public static udp(port: number): ContainerPort {
    return new ContainerPort(port, 'udp');
  }

  /** An SCTP port. */
  public static sctp(port: number): ContainerPort {
    return new ContainerPort(port, 'sctp');
  }

  private constructor(
    /** The port number inside the container. */
    public readonly port: number,
    /** The transport protocol. */
    public readonly protocol: Protocol,
  ) {
    Object.defineProperty(this, CONTAINER_PORT, { value: true });
  }

  /** Docker's notation, e.g. `27017/tcp`. */
  public toString(): string {
    return `${this.port}/${this.protocol}`;
  }

  /** True when both name the same port number and protocol. */
  public equals(other: ContainerPort): boolean {
    return this.port === other.port && this.protocol === other.protocol;
  }
}

/** True for an integer in 1–65535, the range a TCP/UDP/SCTP port can take. */
export function isValidPortNumber(port: unknown): boolean {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** `80` for a number, `"80"` for anything else, so a message shows a quoted port for what it is. */
export function showPort(port: unknown): string {
  return typeof port === 'number' ? String(port) : JSON.stringify(port) ?? String(port);
}

/** The ports without repeats, first occurrence kept (Docker keeps exposed ports in a set). */
export function uniquePorts(ports: readonly ContainerPort[]): ContainerPort[] {
  const seen = new Set<string>();
  return ports.filter((p) => {
    const key = p.toString();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
