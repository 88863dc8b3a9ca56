import { execa, type ResultPromise } from 'execa';

/** How a test runs a generated script. */
export interface RunScriptOptions {
  /** The program and arguments in front of the script's text, e.g. an `nsenter` into a lab host. @default ['sh', '-c'] */
  readonly interpreter?: readonly string[];
  readonly env: Record<string, string>;
  /**
   * A safety net, not an assertion: after this long the whole process group is
   * killed, so a script that hangs after all (a reverted fix) fails its test
   * instead of leaving `ovs-vsctl` or `docker` behind, blocked on a frozen daemon.
   */
  readonly reapAfterMs: number;
}

/**
 * Runs a script as a provisioner would, in a process group of its own, so a
 * test can signal the group as a terminal's Ctrl-C does (`process.kill(-pid)`).
 */
export function runScript(script: string, options: RunScriptOptions): ResultPromise<{ detached: true; reject: false }> {
  const [program, ...args] = options.interpreter ?? ['sh', '-c'];
  const child = execa(program!, [...args, script], { env: options.env, detached: true, reject: false });
  const reaper = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  }, options.reapAfterMs);
  void child.finally(() => clearTimeout(reaper));
  return child;
}
