/**
 * How soon a restarted container has its provisioner-mode address again,
 * healed by the host's watcher with no Terraform run: one lab host (root), a
 * static network in provisioner mode on docker0 with one container, deployed
 * by real Terraform; then, repeatedly, `docker restart` and `docker stop` +
 * `docker start`, timing from the moment `docker start`/`restart` returns (the
 * container runs) until the address is on its interface, polled every 10 ms
 * from the host with `ip -n`.
 *
 *   npm run bench:heal -- [--repeat 10]
 *
 * Writes bench/results/heal-time.json. Goal: under 2 s. A fact about this
 * machine, never a pass/fail limit.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeLabDeployableConfig } from '../lab/docker-provider-stand-in.js';
import { Lab, runCommand, type LabHost } from '../lab/lab.js';
import { labDockerHost } from '../lab/lab-docker-host.js';
import { assertLabPrerequisites } from '../lab/prerequisites.js';
import { terraformIn } from '../lab/terraform.js';
import { App, LocalBackend, TerraformStack } from '../lib/constructs/cdktf.js';
import { AddressMode, Service, StaticNetwork } from '../lib/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const PREFIX = 'cdnheal';
const IMAGE = 'lab/busybox:1';
const ADDRESS = '10.42.1.200/24';

/** Milliseconds from `since` until the container's eth1 holds the planned address. */
async function untilAddressed(host: LabHost, container: string, since: number): Promise<number> {
  const deadline = since + 60_000;
  for (;;) {
    const pid = (await host.docker(['inspect', '--format', '{{.State.Pid}}', container])).stdout.trim();
    const shown = await runCommand('nsenter', ['-t', pid, '-n', 'ip', '-o', '-4', 'addr', 'show', 'dev', 'eth1'], {
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
      reject: false,
    });
    if (shown.stdout.includes(`inet ${ADDRESS}`)) return performance.now() - since;
    if (performance.now() > deadline) throw new Error(`the address did not come back within 60 s`);
    await sleep(10);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { repeat: { type: 'string', default: '10' } } });
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat: give a positive whole number');
  await assertLabPrerequisites();
  const lab = await Lab.start({ prefix: PREFIX, hosts: [{ name: 'h1', dockerBridge: { address: '10.42.1.1/24', fixedCidr: '10.42.1.0/25' } }] });
  const workdir = mkdtempSync(join(tmpdir(), 'cdn-bench-heal-'));
  try {
    const host = lab.host('h1');
    await lab.importImage(IMAGE);
    const app = new App({ outdir: join(workdir, 'out') });
    const stack = new TerraformStack(app, 'heal');
    new LocalBackend(stack, { path: join(workdir, 'heal.tfstate') });
    const dockerHost = labDockerHost(stack, host);
    const network = new StaticNetwork(stack, 'pipework', { host: dockerHost, mode: AddressMode.PROVISIONER, subnet: '10.42.1.0/24', gateway: '10.42.1.1', dynamicRange: '10.42.1.0/25' });
    network.assign(new Service(stack, 'db', { host: dockerHost, image: 'busybox:1.36' }), { address: ADDRESS.split('/')[0]! });
    app.synth();
    const stackDir = join(workdir, 'out', 'stacks', 'heal');
    writeLabDeployableConfig(stackDir, { image: IMAGE });
    await terraformIn(stackDir, ['init', '-input=false']);
    await terraformIn(stackDir, ['apply', '-auto-approve', '-input=false']);

    const restartMs: number[] = [];
    const stopStartMs: number[] = [];
    for (let i = 0; i < repeat; i++) {
      // -t 0: the stop itself is not what is measured.
      await host.docker(['restart', '-t', '0', 'db']);
      restartMs.push(await untilAddressed(host, 'db', performance.now()));
      await host.docker(['stop', '-t', '0', 'db']);
      await host.docker(['start', 'db']);
      stopStartMs.push(await untilAddressed(host, 'db', performance.now()));
    }
    const result = {
      machine: { cores: cpus().length, kernel: release(), node: process.version },
      date: new Date().toISOString().slice(0, 10),
      goalMs: 2000,
      restart: { medianMs: Math.round(median(restartMs)), maxMs: Math.round(Math.max(...restartMs)), runsMs: restartMs.map(Math.round) },
      stopStart: { medianMs: Math.round(median(stopStartMs)), maxMs: Math.round(Math.max(...stopStartMs)), runsMs: stopStartMs.map(Math.round) },
    };
    console.log(`docker restart     → address back: median ${result.restart.medianMs} ms, max ${result.restart.maxMs} ms (${repeat} runs)`);
    console.log(`docker stop + start → address back: median ${result.stopStart.medianMs} ms, max ${result.stopStart.maxMs} ms (${repeat} runs)`);
    mkdirSync(join(HERE, 'results'), { recursive: true });
    writeFileSync(join(HERE, 'results', 'heal-time.json'), `${JSON.stringify(result, null, 2)}\n`);
    await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false'], false);
  } finally {
    await lab.destroy();
    rmSync(workdir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
