/**
 * How synth time and memory grow with the size of a fabric: a full-mesh
 * OverlayFabric over N hosts with S services each, synthesized by the real App
 * (validation, Terraform JSON, topology files) in a fresh child process per
 * measurement, with `terraform` off the PATH (synth must not need it).
 *
 *   npm run bench:synth -- [--hosts 3,6,12,24,48] [--services 5] [--repeat 3]
 *
 * Prints one line per size (median of the repeats) and writes
 * bench/results/synth-scale.json. Timings are facts about this machine, never
 * pass/fail limits.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** One measurement, as the child reports it. */
interface Sample {
  readonly hosts: number;
  readonly services: number;
  readonly resources: number;
  readonly terraformData: number;
  readonly synthMs: number;
  readonly peakRssMiB: number;
}

/** The child: builds and synthesizes one app, prints a Sample as JSON. */
async function child(hosts: number, services: number): Promise<void> {
  const { App, TerraformStack } = await import('../lib/constructs/cdktf.js');
  const { DockerHost, OverlayFabric, Service } = await import('../lib/index.js');
  const outdir = mkdtempSync(join(tmpdir(), 'cdn-bench-synth-'));
  try {
    const started = performance.now();
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'mesh');
    const fabric = new OverlayFabric(stack, 'fabric', { subnet: '10.64.0.0/12', hostPrefixLength: 24 });
    for (let h = 0; h < hosts; h++) {
      const name = `host-${h}`;
      const host = new DockerHost(stack, name, { endpoint: `ssh://root@192.0.2.${h + 1}` });
      fabric.addHost(host, { underlayAddress: `192.0.2.${h + 1}/24` });
      for (let s = 0; s < services; s++) fabric.assign(new Service(stack, `svc-${h}-${s}`, { host, image: 'busybox:1.36' }));
    }
    app.synth();
    const synthMs = performance.now() - started;
    const config = JSON.parse(readFileSync(join(outdir, 'stacks', 'mesh', 'cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, unknown>> };
    const counts = Object.values(config.resource).map((byId) => Object.keys(byId).length);
    const sample: Sample = {
      hosts,
      services,
      resources: counts.reduce((a, b) => a + b, 0),
      terraformData: Object.keys(config.resource.terraform_data ?? {}).length,
      synthMs: Math.round(synthMs),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    process.stdout.write(`${JSON.stringify(sample)}\n`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      hosts: { type: 'string', default: '3,6,12,24,48' },
      services: { type: 'string', default: '5' },
      repeat: { type: 'string', default: '3' },
      child: { type: 'string' },
    },
  });
  if (values.child) {
    const [hosts, services] = values.child.split('x').map(Number) as [number, number];
    return child(hosts, services);
  }
  const services = Number(values.services);
  const repeat = Number(values.repeat);
  // No terraform on this PATH: a synth that still spawns `terraform version` fails here.
  const path = ['/usr/bin', '/bin'].join(':');
  const results: Array<Sample & { runsMs: number[] }> = [];
  console.log(`hosts × services | resources (terraform_data) | synth ms (median of ${repeat}) | peak RSS MiB`);
  for (const hosts of values.hosts.split(',').map(Number)) {
    const samples: Sample[] = [];
    for (let i = 0; i < repeat; i++) {
      const run = await execa(process.execPath, [TSX, fileURLToPath(import.meta.url), '--child', `${hosts}x${services}`], {
        cwd: ROOT,
        env: { PATH: path, CHECKPOINT_DISABLE: '1' },
        extendEnv: false,
      });
      samples.push(JSON.parse(run.stdout.trim().split('\n').pop()!) as Sample);
    }
    const runsMs = samples.map((s) => s.synthMs);
    const row = { ...samples[0]!, synthMs: median(runsMs), peakRssMiB: median(samples.map((s) => s.peakRssMiB)), runsMs };
    results.push(row);
    console.log(`${hosts} × ${services} | ${row.resources} (${row.terraformData}) | ${row.synthMs} [${runsMs.join(', ')}] | ${row.peakRssMiB}`);
  }
  const out = join(HERE, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'synth-scale.json'), `${JSON.stringify({ machine: `${process.platform} ${process.arch}, node ${process.version}`, date: new Date().toISOString().slice(0, 10), results }, null, 2)}\n`);
}

await main();
