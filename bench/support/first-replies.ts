/**
 * When each cell of a connectivity matrix first answers: one iputils `ping`
 * per ordered pair of containers, all at once, each in the sender's network
 * namespace (nsenter), sending every 10 ms until its first reply. The reply's
 * own `-D` timestamp (wall clock, microseconds) is the moment, so neither the
 * Node event loop nor process start-up of later cells shifts it; what the
 * method itself costs (finding the namespaces, starting the pings) is measured
 * by running it on a plain path (the floor).
 */
import { execa } from 'execa';
import { containerPid, type LabEndpoint } from '../../lab/connectivity.js';

/** The first reply of one cell, in ms after `since`, or null when none came before the deadline. */
export interface FirstReply {
  readonly from: string;
  readonly to: string;
  readonly ms: number | null;
}

/** Wall-clock milliseconds with sub-millisecond precision, the clock `ping -D` prints. */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();

const REPLY = /^\[(\d+\.\d+)\] \d+ bytes from /m;

/** How nsenter enters a network namespace: a process's (a container's) or a named one under /run/netns (a lab host's). */
export const namespaceOf = (target: { pid: string } | { netns: string }): string[] =>
  'pid' in target ? ['-t', target.pid, '-n'] : [`--net=/run/netns/${target.netns}`];

/** Milliseconds from `since` (wall clock) to the first reply of `address` pinged from the network namespace `enter` names, or null. */
export async function firstReplyMs(enter: readonly string[], address: string, since: number, timeoutMs: number): Promise<number | null> {
  const run = await execa(
    'nsenter',
    [...enter, 'ping', '-n', '-D', '-c', '1', '-i', '0.01', '-w', String(Math.ceil(timeoutMs / 1000)), address],
    { reject: false, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeout: timeoutMs + 10_000 },
  );
  const reply = REPLY.exec(String(run.stdout));
  return reply ? Number(reply[1]) * 1000 - since : null;
}

/** Every endpoint pinging every other, all cells at once; each cell's first reply after `since`. */
export async function firstReplies(endpoints: readonly LabEndpoint[], since: number, timeoutMs: number): Promise<FirstReply[]> {
  const pids = await Promise.all(endpoints.map((e) => containerPid(e)));
  const cells = endpoints.flatMap((from, i) =>
    endpoints.filter((to) => to !== from).map(async (to) => ({ from: from.name, to: to.name, ms: await firstReplyMs(namespaceOf({ pid: pids[i]! }), to.address, since, timeoutMs) })),
  );
  return Promise.all(cells);
}

/** The matrix is whole when its last cell first answers: that moment, or null when a cell never did. */
export function wholeAfterMs(cells: readonly FirstReply[]): number | null {
  if (cells.some((c) => c.ms === null)) return null;
  return Math.max(...cells.map((c) => c.ms!));
}
