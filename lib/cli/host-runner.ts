import { execa } from 'execa';
import type { TopologyHostReach } from '../report/topology-document.js';
import { assignmentLines } from '../shell/shell-quote.js';
import { pathEntry } from './path-entry.js';

/**
 * Runs a fixed script on a host the way its provisioners reach it, as recorded
 * in `topology.json`: locally with `sh -c`, in a lab namespace with `nsenter`,
 * or over SSH with the script on standard input and its values as quoted
 * assignments in front (`sudo -n sh -s` when the access says sudo). Values
 * travel only as `CDN_*` variables; the script text is always the same.
 */

/** How one run went. */
export type HostScriptResult =
  /** The script ran to an exit status of its own (zero or not). */
  | { readonly ran: true; readonly exitCode: number; readonly stdout: string; readonly stderr: string }
  /** It could not run, or not to its end: the host cannot be reached, a tool is missing here, time ran out. */
  | { readonly ran: false; readonly reason: string; readonly stdout: string };

/** The Debian package of each program the runner starts on this machine. */
const LOCAL_PROGRAMS: Readonly<Record<string, string>> = { sh: 'dash', nsenter: 'util-linux', ssh: 'openssh-client' };

/** How long an SSH connection may take to open, in seconds. */
const SSH_CONNECT_TIMEOUT = 10;

/** The program, arguments, environment and standard input that run `script` on a host reached by `reach`. */
export function hostCommand(
  reach: TopologyHostReach,
  script: string,
  variables: Readonly<Record<string, string>>,
): { program: string; args: string[]; env: Record<string, string>; input?: string } {
  switch (reach.kind) {
    case 'local':
      return { program: 'sh', args: ['-c', script], env: { ...variables } };
    case 'lab-namespace':
      return { program: 'nsenter', args: [`--net=/run/netns/${reach.namespace}`, 'sh', '-c', script], env: { ...reach.environment, ...variables } };
    case 'ssh':
      return {
        program: 'ssh',
        args: [
          ...['-o', 'BatchMode=yes', '-o', `ConnectTimeout=${SSH_CONNECT_TIMEOUT}`, '-p', String(reach.port)],
          // ssh takes an IPv6 address without the brackets of a URL.
          `${reach.user}@${reach.host.replace(/^\[(.*)\]$/, '$1')}`,
          reach.sudo ? 'sudo -n sh -s' : 'sh -s',
        ],
        env: {},
        input: `${assignmentLines(variables).join('\n')}\n${script}`,
      };
  }
}

/** Where a host is, in words, for messages. */
export function reachText(reach: TopologyHostReach): string {
  switch (reach.kind) {
    case 'local':
      return 'this machine';
    case 'lab-namespace':
      return `lab namespace ${reach.namespace}`;
    case 'ssh':
      return `${reach.user}@${reach.host} port ${reach.port} over SSH`;
  }
}

/** Process groups of the scripts running now. */
const running = new Set<number>();

/**
 * Sends `signal` to every script still running (and what it started), e.g.
 * when the command itself is interrupted: the scripts run in process groups of
 * their own, which a Ctrl-C on the terminal does not reach. Their traps then
 * clean up as they do under Terraform.
 */
export function signalRunningScripts(signal: NodeJS.Signals): void {
  for (const group of running) {
    try {
      process.kill(-group, signal);
    } catch {
      // ended meanwhile
    }
  }
}

/** Runs `script` with `variables` on the host, for at most `timeoutMs`. */
export async function runOnHost(
  reach: TopologyHostReach,
  script: string,
  variables: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<HostScriptResult> {
  if (reach.kind === 'lab-namespace' && pathEntry(`/run/netns/${reach.namespace}`) === 'missing') {
    return { ran: false, stdout: '', reason: `lab namespace ${reach.namespace} does not exist (no /run/netns/${reach.namespace}): start the lab, or check the host's access in the code` };
  }
  const command = hostCommand(reach, script, variables);
  // A process group of its own, so that running out of time stops the script and
  // everything it started (a `sleep`, an `ovs-vsctl`), which would otherwise keep
  // its output open.
  const child = execa(command.program, command.args, {
    env: command.env,
    reject: false,
    detached: true,
    ...(command.input !== undefined ? { input: command.input } : { stdin: 'ignore' as const }),
  });
  if (child.pid) running.add(child.pid);
  let timedOut = false;
  let settled = false;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const stop = setTimeout(() => {
    timedOut = true;
    signalGroup('SIGTERM');
    // Only while the script has not ended: a finished group's id may be reused.
    setTimeout(() => settled || signalGroup('SIGKILL'), 2_000).unref();
  }, Math.max(1, Math.floor(timeoutMs)));
  const result = await child.finally(() => {
    settled = true;
    if (child.pid) running.delete(child.pid);
    clearTimeout(stop);
  });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (timedOut) {
    // The script's trap names the step it was stopped in; the rest is the noise of stopping.
    const step = /interrupted by SIG[A-Z]+ while (.*) \(exit \d+\)$/m.exec(stderr)?.[1];
    return { ran: false, stdout, reason: `${reachText(reach)} did not finish within ${Math.ceil(timeoutMs / 1000)} s${step ? `, while ${step}` : ''}` };
  }
  if (result.exitCode === undefined) {
    const missing = (result as { code?: string }).code === 'ENOENT';
    return {
      ran: false,
      stdout,
      reason: missing
        ? `${command.program} not found on this machine: install the Debian package ${LOCAL_PROGRAMS[command.program]}`
        : `cannot start ${command.program}: ${result.shortMessage ?? String(result.message)}`,
    };
  }
  const trouble = wayInTrouble(reach, result.exitCode, stderr, stdout);
  if (trouble) return { ran: false, stdout, reason: trouble };
  return { ran: true, exitCode: result.exitCode, stdout, stderr };
}

/** When the way in, not the script, failed: SSH could not connect, sudo wants a password, nsenter could not enter. */
function wayInTrouble(reach: TopologyHostReach, exitCode: number, stderr: string, stdout: string): string | undefined {
  if (exitCode === 0 || stdout !== '') return undefined;
  const said = lastWords(stderr);
  if (reach.kind === 'ssh' && exitCode === 255) {
    return `cannot reach ${reachText(reach)}${said}. Check that \`ssh -p ${reach.port} ${reach.user}@${reach.host} true\` works without a prompt (verify and repair use BatchMode: your SSH agent or keys, no passwords)`;
  }
  if (reach.kind === 'ssh' && reach.sudo && /^sudo: /m.test(stderr)) {
    return `sudo -n on ${reach.host} did not run the script${said}. Let ${reach.user} run sh through sudo without a password`;
  }
  if (reach.kind === 'lab-namespace' && /^nsenter: /m.test(stderr)) {
    return `cannot enter lab namespace ${reach.namespace}${said}. Run as root`;
  }
  return undefined;
}

/** The last lines a script or tool wrote to stderr, without the scripts' own prefix, as `: …`; empty if none. */
export function lastWords(stderr: string, lines = 3): string {
  const said = stderr
    .split('\n')
    .map((line) => line.replace(/^cdktf-docker-network \[[^\]\n]*\]: /, '').trim())
    .filter(Boolean)
    .slice(-lines);
  return said.length ? `: ${said.join('; ')}` : '';
}
