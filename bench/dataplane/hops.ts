/**
 * The interfaces a packet crosses on a lab host, found at run time: the
 * container's fabric interface (the one holding its address) and its host-side
 * veth peer, plus commands that run inside a container's namespace.
 */
import { containerPid, type LabEndpoint } from '../../lab/connectivity.js';
import { runCommand, type CommandResult } from '../../lab/lab.js';

const PATH = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' };

/** Runs a command in the endpoint's container namespace (host binaries). */
export async function inContainer(endpoint: LabEndpoint, command: string, args: readonly string[], reject = true): Promise<CommandResult> {
  const pid = await containerPid(endpoint);
  return runCommand('nsenter', ['-t', pid, '-n', command, ...args], { env: PATH, reject });
}

/** The container's interface that holds its fabric address, and the name of its veth peer on the host. */
export async function containerHops(endpoint: LabEndpoint): Promise<{ inside: string; hostPeer: string }> {
  const address = endpoint.address.split('/')[0]!;
  const shown = (await inContainer(endpoint, 'ip', ['-o', '-4', 'addr', 'show'])).stdout;
  const inside = shown.split('\n').find((line) => line.includes(` ${address}/`))?.split(/\s+/)[1];
  if (!inside) throw new Error(`no interface in ${endpoint.name} holds ${address}`);
  const link = (await inContainer(endpoint, 'ip', ['-o', 'link', 'show', 'dev', inside])).stdout;
  const peerIndex = /@if(\d+):/.exec(link)?.[1];
  if (!peerIndex) throw new Error(`${endpoint.name}'s ${inside} is not a veth: ${link}`);
  const hostLinks = (await endpoint.labHost.run('ip', ['-o', 'link', 'show'])).stdout.split('\n');
  const hostPeer = hostLinks.find((line) => line.startsWith(`${peerIndex}: `))?.split(': ')[1]?.split('@')[0];
  if (!hostPeer) throw new Error(`the host end (index ${peerIndex}) of ${endpoint.name}'s ${inside} is not on ${endpoint.labHost.name}`);
  return { inside, hostPeer };
}
