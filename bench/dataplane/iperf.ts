/**
 * TCP throughput with iperf3 (the host's binary): a server left running in one
 * network namespace for a whole case, and fixed-duration client runs from
 * another. A run that moves (almost) nothing, or never finishes, is a stall,
 * reported as such rather than thrown.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand } from '../../lab/lab.js';

const PATH = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' };

/** Where a command runs: `nsenter` arguments that enter a network namespace. */
export type NetnsEntry = readonly string[];
/** A lab host's namespace. */
export const hostNetns = (namespace: string): NetnsEntry => [`--net=/run/netns/${namespace}`];
/** A container's namespace, by its PID. */
export const pidNetns = (pid: string): NetnsEntry => ['-t', pid, '-n'];

/** An iperf3 server daemon, stopped by its pid file. */
export interface IperfServer {
  readonly address: string;
  readonly port: number;
  readonly pidfile: string;
}

export async function startIperfServer(where: NetnsEntry, address: string, port: number, pidfile: string): Promise<IperfServer> {
  rmSync(pidfile, { force: true });
  await runCommand('nsenter', [...where, 'iperf3', '-s', '-D', '-B', address, '-p', String(port), '-I', pidfile], { env: PATH });
  for (let i = 0; i < 50 && !existsSync(pidfile); i++) await sleep(100);
  return { address, port, pidfile };
}

export async function stopIperfServer(server: IperfServer): Promise<void> {
  if (!existsSync(server.pidfile)) return;
  const pid = Number(readFileSync(server.pidfile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 1) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Gone already.
    }
  }
  rmSync(server.pidfile, { force: true });
}

/** One client run's outcome: bits per second the receiver got, and whether it stalled. */
export interface IperfRun {
  readonly bitsPerSecond: number;
  readonly receivedBytes: number;
  /** TCP retransmissions the sender counted (drops on the way, e.g. a full tap queue). */
  readonly retransmits: number;
  /** The transfer moved nothing, did not finish in time, or iperf3 reported only an error. */
  readonly stalled: boolean;
  readonly error?: string;
}

/**
 * A `seconds`-long TCP transfer from `where` to `server`. iperf3's own control
 * connection is small packets, so a path that drops full-size frames still
 * connects, then stalls: bounded by a timeout, and a zero-byte result is a stall.
 */
export async function iperfRun(where: NetnsEntry, server: IperfServer, seconds: number): Promise<IperfRun> {
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await runCommand(
      'nsenter',
      [...where, 'iperf3', '-c', server.address, '-p', String(server.port), '-t', String(seconds), '-J', '--connect-timeout', '3000'],
      { env: PATH, reject: false, timeout: (seconds + 20) * 1000 },
    );
    if (result.exitCode === 0) {
      const report = JSON.parse(result.stdout);
      const received = report.end?.sum_received;
      // iperf3 can exit 0 with only an error in its report (e.g. the data stream never got through).
      if (!received) return { bitsPerSecond: 0, receivedBytes: 0, retransmits: 0, stalled: true, error: String(report.error ?? 'no totals in the report') };
      return { bitsPerSecond: received.bits_per_second, receivedBytes: received.bytes, retransmits: report.end.sum_sent.retransmits ?? 0, stalled: received.bytes === 0 };
    }
    last = (result.stdout + result.stderr).replace(/\s+/g, ' ').slice(0, 300);
    // A killed client (timeout) is a stall, not a failure to connect: do not retry it.
    if (/timed out|killed|SIGTERM/i.test(last) || result.exitCode < 0) return { bitsPerSecond: 0, receivedBytes: 0, retransmits: 0, stalled: true, error: last };
    if (/control socket has closed|interrupted|receive timeout/i.test(last)) return { bitsPerSecond: 0, receivedBytes: 0, retransmits: 0, stalled: true, error: last };
    await sleep(500);
  }
  return { bitsPerSecond: 0, receivedBytes: 0, retransmits: 0, stalled: true, error: last };
}
