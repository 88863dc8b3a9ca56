/**
 * Rules for the names that reach Docker, Terraform and, later, shell scripts.
 * Each check returns why a value is rejected and how to fix it, or `undefined`.
 */

/** Docker's container name rule (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`). */
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/**
 * Link aliases: a container name without dots. Docker would accept a dot, but the
 * alias becomes the prefix of the link variables (`MY.DB_PORT`), which no shell can read.
 */
const LINK_ALIAS = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;

/**
 * Environment keys: letters, digits, `_`, `.` and `-`, not starting with a digit.
 * Dots and dashes are allowed because images read them (`discovery.type` for
 * Elasticsearch); `=`, whitespace, quotes and `$` never are.
 */
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Host names of the topology: they become Terraform provider aliases and parts of
 * Docker network names, so lower-case letters, digits and dashes only.
 */
const HOST_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** A hostname for `/etc/hosts`: dot-separated labels of letters, digits and '-'. */
const HOSTS_ENTRY_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Docker network names follow the container name rule. */
const NETWORK_NAME = CONTAINER_NAME;

const show = (value: string) => JSON.stringify(value);

/** Why `name` cannot be a Docker container name. */
export function containerNameProblem(name: string): string | undefined {
  if (CONTAINER_NAME.test(name)) return undefined;
  return (
    `container name ${show(name)} is not valid: Docker allows letters, digits, '_', '.' and '-', ` +
    `at least two characters, starting with a letter or digit. Rename it, e.g. "MongoDB" or "mongo-db"`
  );
}

/** Why `alias` cannot be a link alias. */
export function linkAliasProblem(alias: string): string | undefined {
  if (LINK_ALIAS.test(alias)) return undefined;
  return (
    `link alias ${show(alias)} is not valid: use letters, digits, '_' and '-', starting with a letter or digit ` +
    `(the alias names the link variables, e.g. "db" gives DB_PORT_27017_TCP_ADDR)`
  );
}

/** Why `key` cannot be an environment variable name. */
export function environmentKeyProblem(key: string): string | undefined {
  if (ENV_KEY.test(key)) return undefined;
  return (
    `environment variable name ${show(key)} is not valid: use letters, digits, '_', '.' and '-', ` +
    `not starting with a digit (e.g. "MONGO_VERSION")`
  );
}

/** Why `name` cannot name a host of the topology. */
export function hostNameProblem(name: string): string | undefined {
  if (HOST_NAME.test(name)) return undefined;
  return (
    `host name ${show(name)} is not valid: use 1–31 lower-case letters, digits and '-', starting with a letter ` +
    `(it becomes a Terraform provider alias and part of Docker network names), e.g. "staging" or "host-a"`
  );
}

/** Why `name` cannot be a Docker network name. */
export function networkNameProblem(name: string): string | undefined {
  if (NETWORK_NAME.test(name)) return undefined;
  return (
    `network name ${show(name)} is not valid: Docker allows letters, digits, '_', '.' and '-', ` +
    `at least two characters, starting with a letter or digit`
  );
}

/** Why `hostname` cannot be a name in `/etc/hosts`. */
export function hostsEntryNameProblem(hostname: string): string | undefined {
  if (hostname.length <= 253 && HOSTS_ENTRY_NAME.test(hostname)) return undefined;
  return (
    `extra host name ${show(hostname)} is not a valid host name: use dot-separated labels of letters, digits and '-', ` +
    `e.g. "host.docker.internal"`
  );
}
