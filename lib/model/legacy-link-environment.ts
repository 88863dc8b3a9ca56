import { ContainerPort, uniquePorts } from './container-port.js';

/** What Docker's legacy `--link target:alias` needs to know to build the recipient's variables. */
export interface LegacyLinkInput {
  /** Container name of the recipient (the container started with `--link`). */
  readonly recipientName: string;
  /** The link alias (`db` in `--link MongoDB:db`). */
  readonly alias: string;
  /** The target's address as the recipient reaches it (may be a Terraform reference). */
  readonly targetAddress: string;
  /** Ports the target exposes (image `EXPOSE` plus `--expose`/`-p`). */
  readonly exposedPorts: readonly ContainerPort[];
  /** The target's environment, in its declared order. */
  readonly targetEnvironment: ReadonlyArray<readonly [string, string]>;
}

/**
 * The environment-variable prefix Docker derives from a link alias:
 * upper-cased, with `-` turned into `_` (`my-db` → `MY_DB`).
 */
export function linkEnvironmentPrefix(alias: string): string {
  return alias.toUpperCase().replaceAll('-', '_');
}

/**
 * Docker's order for exposed ports in link variables: TCP ports first, then the
 * other protocols by name; by number within one protocol.
 */
export function compareLinkPorts(a: ContainerPort, b: ContainerPort): number {
  if (a.protocol === b.protocol) return a.port - b.port;
  if (a.protocol === 'tcp') return -1;
  if (b.protocol === 'tcp') return 1;
  return a.protocol < b.protocol ? -1 : 1;
}

/**
 * The variables Docker's legacy `--link` sets in the recipient, in Docker's order
 * (moby `daemon/links`, Docker Engine 28 and later):
 *
 * - `<ALIAS>_PORT` — URL of the first port in Docker's order (TCP first, other protocols by name, by number within one);
 * - for every port, `<ALIAS>_PORT_<n>_<PROTO>` (URL), `_ADDR`, `_PORT`, `_PROTO`;
 * - for every run of consecutive ports of one protocol, `_START`, `_PORT_START`,
 *   `_END`, `_PORT_END` under the first port's prefix, after the per-port
 *   variables of the port that ends the run;
 * - `<ALIAS>_NAME=/<recipient>/<alias>`;
 * - `<ALIAS>_ENV_<key>` for each target variable except `HOME` and `PATH`.
 */
export function legacyLinkEnvironment(input: LegacyLinkInput): Array<[string, string]> {
  const alias = linkEnvironmentPrefix(input.alias);
  const ip = input.targetAddress;
  const ports = uniquePorts(input.exposedPorts).sort(compareLinkPorts);
  const url = (p: ContainerPort) => `${p.protocol}://${ip}:${p.port}`;
  const prefixOf = (p: ContainerPort) => `${alias}_PORT_${p.port}_${p.protocol.toUpperCase()}`;

  const env: Array<[string, string]> = [];
  let runStart: ContainerPort | undefined;
  let runEnd: ContainerPort | undefined;
  ports.forEach((p, i) => {
    if (i === 0) {
      runStart = runEnd = p;
      env.push([`${alias}_PORT`, url(p)]);
    }
    const prefix = prefixOf(p);
    env.push([prefix, url(p)]);
    env.push([`${prefix}_ADDR`, ip]);
    env.push([`${prefix}_PORT`, String(p.port)]);
    env.push([`${prefix}_PROTO`, p.protocol]);

    const extendsRun = p.port === runEnd!.port + 1 && p.protocol === runEnd!.protocol;
    if (extendsRun) {
      runEnd = p;
      if (i < ports.length - 1) return;
    }
    if (runEnd !== runStart) {
      const runPrefix = prefixOf(runStart!);
      env.push([`${runPrefix}_START`, url(runStart!)]);
      env.push([`${runPrefix}_PORT_START`, String(runStart!.port)]);
      env.push([`${runPrefix}_END`, url(runEnd!)]);
      env.push([`${runPrefix}_PORT_END`, String(runEnd!.port)]);
    }
    runStart = runEnd = p;
  });

  env.push([`${alias}_NAME`, `/${input.recipientName}/${input.alias}`]);
  for (const [key, value] of input.targetEnvironment) {
    if (key === 'HOME' || key === 'PATH') continue;
    env.push([`${alias}_ENV_${key}`, value]);
  }
  return env;
}
