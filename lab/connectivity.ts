import { setTimeout as sleep } from 'node:timers/promises';
import type { LabHost } from './lab.js';
import { runCommand } from './lab.js';

/** A container of the lab and the address others reach it at. */
export interface LabEndpoint {
  readonly name: string;
  readonly labHost: LabHost;
  readonly address: string;
}

/** One cell of the connectivity matrix. */
export interface Reachability {
  readonly from: string;
  readonly to: string;
  readonly address: string;
  readonly reachable: boolean;
}

/** Pings `address` from inside container `from` (busybox ping), a few tries for the first ARP round. */
export async function pingFrom(from: LabEndpoint, address: string, tries = 3): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    const result = await from.labHost.docker(['exec', from.name, 'ping', '-c', '1', '-W', '2', address], { reject: false });
    if (result.exitCode === 0) return true;
  }
  return false;
}

/** Every endpoint pinging every other, by address. */
export async function connectivityMatrix(endpoints: readonly LabEndpoint[]): Promise<Reachability[]> {
  const cells: Reachability[] = [];
  for (const from of endpoints) {
    for (const to of endpoints) {
      if (from === to) continue;
      cells.push({ from: from.name, to: to.name, address: to.address, reachable: await pingFrom(from, to.address) });
    }
  }
  return cells;
}

/** Polls the matrix until every cell is reachable or `timeoutMs` passes (spanning tree needs ~30 s); returns the last matrix. */
export async function awaitFullConnectivity(endpoints: readonly LabEndpoint[], timeoutMs: number): Promise<Reachability[]> {
  const deadline = Date.now() + timeoutMs;
  let matrix = await connectivityMatrix(endpoints);
  while (matrix.some((c) => !c.reachable) && Date.now() < deadline) {
    await sleep(1000);
    matrix = await connectivityMatrix(endpoints);
  }
  return matrix;
}

/** The container's PID, to enter its network namespace with host tools (iputils ping, iperf3). */
export async function containerPid(endpoint: LabEndpoint): Promise<string> {
  return (await endpoint.labHost.docker(['inspect', '--format', '{{.State.Pid}}', endpoint.name])).stdout.trim();
}

/**
 * A don't-fragment ping of `payload` bytes from `from` to `to` (iputils ping in
 * the container's namespace). True when any of `tries` echoes comes back, so a
 * first packet lost to ARP or a flow setup in userspace OVS does not count as
 * "does not cross"; a packet over the MTU is refused every time.
 */
export async function dontFragmentPing(from: LabEndpoint, to: LabEndpoint, payload: number, tries = 3): Promise<boolean> {
  const pid = await containerPid(from);
  for (let i = 0; i < tries; i++) {
    const result = await runCommand('nsenter', ['-t', pid, '-n', 'ping', '-M', 'do', '-s', String(payload), '-c', '1', '-W', '2', to.address], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      reject: false,
    });
    if (result.exitCode === 0) return true;
  }
  return false;
}

/**
 * A bounded TCP bulk transfer with iperf3 (the host's binary, in the
 * containers' namespaces): `bytes` sent and acknowledged by the receiver's TCP,
 * or an error. iperf3's receiver total may leave out the last partial interval,
 * so the sent total is the one that must match.
 */
export async function tcpTransfer(
  from: LabEndpoint,
  to: LabEndpoint,
  bytes = 20 * 1024 * 1024,
): Promise<{ sentBytes: number; receivedBytes: number; bitsPerSecond: number }> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const serverPid = await containerPid(to);
  const clientPid = await containerPid(from);
  await runCommand('nsenter', ['-t', serverPid, '-n', 'iperf3', '-s', '-1', '-D', '-B', to.address], { env });
  let last = '';
  for (let i = 0; i < 20; i++) {
    const result = await runCommand(
      'nsenter',
      ['-t', clientPid, '-n', 'iperf3', '-c', to.address, '-n', String(bytes), '-J', '--connect-timeout', '2000'],
      { env, reject: false, timeout: 60_000 },
    );
    if (result.exitCode === 0) {
      const report = JSON.parse(result.stdout);
      return {
        sentBytes: report.end.sum_sent.bytes,
        receivedBytes: report.end.sum_received.bytes,
        bitsPerSecond: report.end.sum_received.bits_per_second,
      };
    }
    last = result.stdout + result.stderr;
    await sleep(250);
  }
  throw new Error(`iperf3 from ${from.name} to ${to.name} did not complete: ${last.slice(0, 500)}`);
}
