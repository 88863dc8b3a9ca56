import { execa } from 'execa';

/** A program the lab runs, and where it comes from. */
interface Requirement {
  readonly command: string;
  readonly install: string;
}

const DEBIAN = (pkg: string) => ({ install: pkg });

/** Everything the lab uses, with the Debian package (or other source) that provides it. */
const REQUIREMENTS: Record<string, Requirement> = {
  ip: { command: 'ip', ...DEBIAN('iproute2') },
  nsenter: { command: 'nsenter', ...DEBIAN('util-linux') },
  dockerd: { command: 'dockerd', ...DEBIAN('docker.io') },
  docker: { command: 'docker', ...DEBIAN('docker.io') },
  tar: { command: 'tar', ...DEBIAN('tar') },
  ping: { command: 'ping', ...DEBIAN('iputils-ping') },
  arping: { command: 'arping', ...DEBIAN('arping') },
  'ovs-vsctl': { command: 'ovs-vsctl', ...DEBIAN('openvswitch-switch') },
  'ovsdb-server': { command: 'ovsdb-server', ...DEBIAN('openvswitch-switch') },
  'ovs-vswitchd': { command: 'ovs-vswitchd', ...DEBIAN('openvswitch-switch') },
  'ovsdb-tool': { command: 'ovsdb-tool', ...DEBIAN('openvswitch-switch') },
  ethtool: { command: 'ethtool', ...DEBIAN('ethtool') },
  'ovsdb-client': { command: 'ovsdb-client', ...DEBIAN('openvswitch-common') },
  'ovn-northd': { command: 'ovn-northd', ...DEBIAN('ovn-central') },
  'ovn-nbctl': { command: 'ovn-nbctl', ...DEBIAN('ovn-common') },
  'ovn-controller': { command: 'ovn-controller', ...DEBIAN('ovn-host') },
  iperf3: { command: 'iperf3', ...DEBIAN('iperf3') },
  sshd: { command: '/usr/sbin/sshd', ...DEBIAN('openssh-server') },
  'ssh-keygen': { command: 'ssh-keygen', ...DEBIAN('openssh-client') },
  terraform: { command: 'terraform', install: 'Terraform >= 1.4 (not a Debian package; this project is checked with 1.11)' },
};

/** The Debian packages the lab needs, for `apt-get install` (CI installs exactly these). */
export const LAB_DEBIAN_PACKAGES = [
  'iproute2',
  'util-linux',
  'docker.io',
  'tar',
  'iputils-ping',
  'arping',
  'openvswitch-switch',
  'ovn-central',
  'ovn-host',
  'ethtool',
  'iperf3',
  'busybox-static',
  'openssh-server',
];

/** A static busybox: the root of the lab's images (a dynamic one would not run in an empty image). */
export const STATIC_BUSYBOX = '/bin/busybox';

async function hasCommand(command: string): Promise<boolean> {
  const result = await execa('sh', ['-c', 'command -v "$1"', 'sh', command], { reject: false });
  return result.exitCode === 0;
}

async function hasStaticBusybox(): Promise<boolean> {
  const result = await execa('dpkg-query', ['-W', '-f=${Status}', 'busybox-static'], { reject: false });
  return result.exitCode === 0 && result.stdout.includes('install ok installed');
}

/**
 * What the lab lacks on this machine: root, programs, the static busybox. Empty
 * when everything is there.
 */
export async function missingLabPrerequisites(): Promise<string[]> {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root (the lab creates network namespaces and starts dockerd)');
  for (const requirement of Object.values(REQUIREMENTS)) {
    if (!(await hasCommand(requirement.command))) missing.push(`${requirement.command} (${requirement.install})`);
  }
  if (!(await hasStaticBusybox())) missing.push(`${STATIC_BUSYBOX} from busybox-static`);
  return missing;
}

/** Throws, saying what to install, unless the lab can run here. */
export async function assertLabPrerequisites(): Promise<void> {
  const missing = await missingLabPrerequisites();
  if (missing.length === 0) return;
  throw new Error(
    `The lab cannot run on this machine. Missing:\n  - ${missing.join('\n  - ')}\n` +
      `Run as root after: apt-get update && apt-get install -y --no-install-recommends ${LAB_DEBIAN_PACKAGES.join(' ')}`,
  );
}
