import { parseArgs } from 'node:util';
import { Lab } from './lab.js';
import { assertLabPrerequisites } from './prerequisites.js';

/**
 * `npm run lab:up` / `npm run lab:down`: a lab to try things by hand. Hosts
 * h1…hN, each a network namespace with its own dockerd (docker0 10.42.N.1/24)
 * and Open vSwitch, joined by an underlay switch (192.168.77.0/24).
 */
const PREFIX = 'cdnlab';
const USAGE = `usage: lab up [--hosts N]   start a lab with N hosts (default 2, at most 8)
       lab down              stop it and remove everything it made`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { hosts: { type: 'string', default: '2' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'down') {
    await Lab.sweep(PREFIX);
    console.log('lab removed');
    return 0;
  }
  if (command !== 'up') {
    console.error(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return 2;
  }
  const count = Number(values.hosts);
  if (!Number.isInteger(count) || count < 1 || count > 8) {
    console.error(`--hosts must be a whole number from 1 to 8, got ${JSON.stringify(values.hosts)}`);
    return 2;
  }
  await assertLabPrerequisites();
  const lab = await Lab.start({
    prefix: PREFIX,
    hosts: Array.from({ length: count }, (_, i) => ({
      name: `h${i + 1}`,
      dockerBridge: { address: `10.42.${i + 1}.1/24` },
      underlayAddress: `192.168.77.${11 + i}/24`,
      openvswitch: true,
    })),
  });
  await lab.importImage('lab/busybox:1');
  console.log('lab is up; image lab/busybox:1 is imported on every host.');
  for (const host of lab.hosts.values()) {
    const env = Object.entries(host.environment).map(([k, v]) => `${k}=${v}`).join(' ');
    console.log(`\n${host.name}: network namespace ${host.namespace}, underlay ${host.options.underlayAddress}`);
    console.log(`  ${env} docker run -d --name demo lab/busybox:1`);
    console.log(`  ${env} nsenter --net=/run/netns/${host.namespace} ovs-vsctl show`);
  }
  console.log('\nnpm run lab:down removes it.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
