import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { watcherPidfiles, type LabHost } from './lab.js';

/**
 * What a lab host holds that the library could have made or changed, in a
 * form two moments can be compared by: links (name, MTU, master, alias),
 * addresses, Open vSwitch bridges and interfaces with their external_ids,
 * `/run/netns` entries, running watchers and the state directory. Docker's own
 * veths to running containers, and kernel counters and link states, are left
 * out: restarts change them.
 */
export interface HostSnapshot {
  readonly links: string[];
  readonly addresses: string[];
  readonly ovs: string[];
  readonly netns: string[];
  readonly watchers: string[];
  readonly state: string[];
}

/** The snapshot of one lab host. */
export async function hostSnapshot(host: LabHost): Promise<HostSnapshot> {
  const links = (await host.run('ip', ['-o', 'link', 'show'])).stdout
    .split('\n')
    .filter(Boolean)
    // Keep name, MTU, master and alias; drop indexes, counters and link state, which restarts change.
    .map((line) => {
      const name = line.split(': ')[1]!.split('@')[0];
      const mtu = / mtu (\d+)/.exec(line)?.[1];
      const master = / master (\S+)/.exec(line)?.[1] ?? '';
      const alias = / alias (\S+)/.exec(line)?.[1] ?? '';
      return `${name} mtu ${mtu} master ${master} alias ${alias}`;
    })
    // Docker's own veths to running containers come and go with them.
    .filter((line) => !/^veth/.test(line))
    .sort();
  const addresses = (await host.run('ip', ['-o', 'addr', 'show'])).stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^\d+: /, '').replace(/\\.*$/, '').replace(/\s+/g, ' ').trim())
    .filter((line) => !/^veth/.test(line) && !/ inet6 fe80:/.test(line))
    .sort();
  return {
    links,
    addresses,
    ovs: await ovsObjects(host),
    netns: existsSync('/run/netns') ? readdirSync('/run/netns').filter((n) => n.startsWith('cdn-')).sort() : [],
    watchers: watcherPidfiles(host.stateDirectory).filter(processAlive),
    state: existsSync(host.stateDirectory) ? readdirSync(host.stateDirectory) : [],
  };
}

export async function ovsBridges(host: LabHost): Promise<string[]> {
  return (await host.run('ovs-vsctl', ['list-br'])).stdout.split('\n').filter(Boolean).sort();
}

/** Every OVS bridge and interface with its external_ids. */
export async function ovsObjects(host: LabHost): Promise<string[]> {
  const rows = async (table: string) =>
    (await host.run('ovs-vsctl', ['--data=bare', '--no-heading', '--columns=name,external_ids', 'list', table])).stdout
      .split('\n\n')
      .map((row) => row.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .map((row) => `${table} ${row}`);
  return [...(await rows('bridge')), ...(await rows('interface'))].sort();
}

/** Whether the process of a pid file runs. */
export function processAlive(pidfile: string): boolean {
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
