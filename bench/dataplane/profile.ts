/**
 * Where the time goes: `perf record` (cpu-clock, call graphs) of each host's
 * ovs-vswitchd while a transfer runs, with its CPU use and the userspace
 * datapath's own counters; and the offloads and MTU of every hop a packet
 * takes. Text only, for bench/results/dataplane-profile.txt.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Lab, LabHost } from '../../lab/lab.js';
import { runCommand } from '../../lab/lab.js';

const PATH = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' };

/** The pid of a lab host's ovs-vswitchd. */
export function vswitchdPid(host: LabHost): number {
  return Number(readFileSync(join(host.ovsRundir!, 'ovs-vswitchd.pid'), 'utf8').trim());
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A datapath counter summary of a host: packets, recirculations and upcalls (pmd-stats-show of the main thread). */
async function datapathCounters(host: LabHost): Promise<string> {
  const shown = await host.run('ovs-appctl', ['dpif-netdev/pmd-stats-show'], { reject: false });
  return shown.stdout
    .split('\n')
    .filter((line) => /packets received|recirculations|datapath passes|upcall|processing cycles per packet|main thread|megaflow hits|emc hits/.test(line))
    .map((line) => `    ${line.trim()}`)
    .join('\n');
}

/** Per OVS interface of a host, its drop and error counters (statistics column). */
async function interfaceDrops(host: LabHost): Promise<Map<string, Record<string, number>>> {
  const listed = await host.run('ovs-vsctl', ['--format=json', '--columns=name,statistics', 'list', 'interface'], { reject: false });
  const drops = new Map<string, Record<string, number>>();
  if (listed.exitCode !== 0) return drops;
  for (const [name, statistics] of JSON.parse(listed.stdout).data as [string, ['map', [string, number][]]][]) {
    drops.set(name, Object.fromEntries(statistics[1].filter(([key]) => /dropped|errors/.test(key))));
  }
  return drops;
}

/** Kernel drop and error counters of every link in a namespace (`ip -s -j link`), by link name. */
async function kernelDrops(where: readonly string[]): Promise<Map<string, Record<string, number>>> {
  const shown = await runCommand('nsenter', [...where, 'ip', '-s', '-j', 'link', 'show'], { env: PATH, reject: false });
  const drops = new Map<string, Record<string, number>>();
  if (shown.exitCode !== 0) return drops;
  for (const link of JSON.parse(shown.stdout) as Array<{ ifname: string; stats64?: Record<string, Record<string, number>> }>) {
    const { rx = {}, tx = {} } = link.stats64 ?? {};
    drops.set(link.ifname, { rx_dropped: rx.dropped ?? 0, rx_errors: rx.errors ?? 0, tx_dropped: tx.dropped ?? 0, tx_errors: tx.errors ?? 0, rx_packets: rx.packets ?? 0 });
  }
  return drops;
}

/**
 * Packets dropped by the host's packet sockets (how ovs-vswitchd receives from
 * its system ports, e.g. u0) because their receive buffer was full: the `d`
 * of `ss -0 -m`, summed. Not in any interface counter.
 */
async function packetSocketDrops(where: readonly string[]): Promise<number> {
  const shown = await runCommand('nsenter', [...where, 'ss', '-0', '-m', '-n', '-a'], { env: PATH, reject: false });
  return [...shown.stdout.matchAll(/skmem:\([^)]*,d(\d+)\)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** Counters that grew between two interfaceDrops readings, as text. */
function dropsDelta(before: Map<string, Record<string, number>>, after: Map<string, Record<string, number>>): string {
  const grown: string[] = [];
  for (const [name, counters] of after) {
    for (const [key, value] of Object.entries(counters)) {
      const delta = value - (before.get(name)?.[key] ?? 0);
      if (delta > 0 && key !== 'rx_packets') grown.push(`${name} ${key} +${delta}`);
    }
  }
  return grown.length ? grown.join(', ') : 'none';
}

/**
 * Profiles every host's ovs-vswitchd for `seconds` while `load` runs, and
 * returns the report: CPU use per second of each vswitchd and its top symbols.
 */
export async function profileVswitchd(lab: Lab, hostNames: readonly string[], label: string, seconds: number, load: () => Promise<string>, workdir: string): Promise<string> {
  const hosts = hostNames.map((n) => lab.host(n));
  for (const host of hosts) await host.run('ovs-appctl', ['dpif-netdev/pmd-stats-clear'], { reject: false });
  const pids = hosts.map(vswitchdPid);
  const files = hosts.map((h) => join(workdir, `perf-${h.name}.data`));
  const recorders = pids.map((pid, i) =>
    execa('perf', ['record', '-e', 'cpu-clock', '-g', '-o', files[i]!, '-p', String(pid), '--', 'sleep', String(seconds)], { reject: false, all: true }),
  );
  const dropsBefore = await Promise.all(hosts.map(interfaceDrops));
  const kernelBefore = await Promise.all(hosts.map((h) => kernelDrops([`--net=/run/netns/${h.namespace}`])));
  const socketDropsBefore = await Promise.all(hosts.map((h) => packetSocketDrops([`--net=/run/netns/${h.namespace}`])));
  const before = pids.map(cpuSeconds);
  const started = performance.now();
  const loadSummary = await load();
  const elapsed = (performance.now() - started) / 1000;
  const cpu = pids.map((pid, i) => (cpuSeconds(pid) - before[i]!) / elapsed);
  await Promise.all(recorders);
  const dropsAfter = await Promise.all(hosts.map(interfaceDrops));
  const kernelAfter = await Promise.all(hosts.map((h) => kernelDrops([`--net=/run/netns/${h.namespace}`])));
  const socketDropsAfter = await Promise.all(hosts.map((h) => packetSocketDrops([`--net=/run/netns/${h.namespace}`])));
  const lines = [`## ${label}`, `  load: ${loadSummary}`];
  for (const [i, host] of hosts.entries()) {
    lines.push(`  ${host.name} ovs-vswitchd: ${(cpu[i]! * 100).toFixed(0)} % of one core over the run`);
    lines.push(await datapathCounters(host));
    lines.push(`    OVS interface drops/errors during the run: ${dropsDelta(dropsBefore[i]!, dropsAfter[i]!)}`);
    lines.push(`    kernel link drops/errors in the host namespace during the run: ${dropsDelta(kernelBefore[i]!, kernelAfter[i]!)}`);
    lines.push(`    packet-socket receive-buffer drops (ss -0 -m) during the run: ${socketDropsAfter[i]! - socketDropsBefore[i]!}`);
    const received = (name: string) => (kernelAfter[i]!.get(name)?.['rx_packets'] ?? 0) - (kernelBefore[i]!.get(name)?.['rx_packets'] ?? 0);
    lines.push(`    kernel rx packets during the run: ${[...kernelAfter[i]!.keys()].filter((n) => received(n) > 1000).map((n) => `${n} ${received(n)}`).join(', ')}`);
    const report = await execa(
      'perf',
      ['report', '-i', files[i]!, '--stdio', '--no-children', '-g', 'none', '--sort', 'dso,sym', '--percent-limit', '1.5'],
      { reject: false, all: true },
    );
    const top = (report.all ?? '')
      .split('\n')
      .filter((line) => /^\s+\d+\.\d+%/.test(line))
      .slice(0, 18)
      .map((line) => `    ${line.trim().replace(/\s+/g, ' ')}`);
    lines.push(`  top symbols (self time, cpu-clock samples):`, ...top);
    rmSync(files[i]!, { force: true });
    rmSync(`${files[i]}.old`, { force: true });
  }
  return lines.join('\n');
}

/** Offloads and MTU of each named interface, in the namespace `where` enters (nsenter arguments). */
export async function hopSurvey(where: readonly string[], label: string, interfaces: readonly string[]): Promise<string> {
  const lines = [`  ${label}`];
  for (const name of interfaces) {
    const link = await runCommand('nsenter', [...where, 'ip', '-o', 'link', 'show', 'dev', name], { env: PATH, reject: false });
    const mtu = /mtu (\d+)/.exec(link.stdout)?.[1] ?? '?';
    const kind = await runCommand('nsenter', [...where, 'ethtool', '-i', name], { env: PATH, reject: false });
    const driver = /driver: (\S+)/.exec(kind.stdout)?.[1] ?? '?';
    const features = await runCommand('nsenter', [...where, 'ethtool', '-k', name], { env: PATH, reject: false });
    const pick = (feature: string) => new RegExp(`^${feature}: (on|off)`, 'm').exec(features.stdout)?.[1] ?? '-';
    lines.push(
      `    ${name.padEnd(16)} ${driver.padEnd(7)} mtu ${mtu.padEnd(5)} tx-csum ${pick('tx-checksumming').padEnd(3)} tso ${pick('tcp-segmentation-offload').padEnd(3)} gso ${pick('generic-segmentation-offload').padEnd(3)} gro ${pick('generic-receive-offload').padEnd(3)} rx-csum ${pick('rx-checksumming')}`,
    );
  }
  return lines.join('\n');
}
