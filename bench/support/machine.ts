/**
 * The machine a benchmark ran on, recorded beside its results: figures from a
 * shared 2-core machine mean little without it.
 */
import { cpus, release, totalmem } from 'node:os';
import { execa } from 'execa';

/** Cores, kernel and the versions of every part a figure depends on. */
export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly terraform: string | null;
  readonly openvswitch: string | null;
  readonly ovn: string | null;
  readonly docker: string | null;
  readonly iperf3: string | null;
}

/** The first line of a command's output that matches `pattern` (its first group), or null when the tool is missing. */
async function versionOf(command: string, args: string[], pattern: RegExp): Promise<string | null> {
  const run = await execa(command, args, { reject: false, all: true, env: { CHECKPOINT_DISABLE: '1' } });
  if (run.failed && run.exitCode === undefined) return null;
  return pattern.exec(run.all ?? '')?.[1] ?? null;
}

export async function machineInfo(): Promise<MachineInfo> {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    terraform: await versionOf('terraform', ['version'], /Terraform v(\S+)/),
    openvswitch: await versionOf('ovs-vswitchd', ['--version'], /\(Open vSwitch\) (\S+)/),
    ovn: await versionOf('ovn-controller', ['--version'], /ovn-controller (\S+)/),
    docker: await versionOf('dockerd', ['--version'], /Docker version ([^,\s]+)/),
    iperf3: await versionOf('iperf3', ['--version'], /iperf (\S+)/),
  };
}
