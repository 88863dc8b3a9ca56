import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../lib/shell/shell-quote.js';
import { dockerCommands, UntranslatableDockerResource, type DockerCommand } from './docker-cli-commands.js';
import { isDockerStandIn, replaceDockerResources, standInAddress, type DockerResource, type JsonObject, type TerraformJson } from './docker-stand-ins.js';
import { isLiteralTemplate } from './terraform-template.js';

/**
 * The lab deploys what was synthesized. The Docker provider plugin cannot be
 * downloaded here, so each `docker_network`, `docker_container` and
 * `docker_image` of `cdk.tf.json` becomes a `terraform_data` stand-in whose
 * create-time provisioner runs the docker CLI commands the provider would run
 * (see docker-cli-commands.ts; only the image differs: the lab's) and whose
 * destroy-time provisioner removes what it made. `terraform apply` then creates
 * the networks and containers where the provider would, in the graph's order,
 * and `terraform destroy` removes them.
 *
 * A stand-in is replaced whenever one of its arguments changes (the provider
 * updates a few container settings, such as `restart`, in place), and it does
 * not read Docker back: a container changed behind Terraform's back goes
 * unnoticed, where the provider would recreate a stopped one.
 */

/** How the lab deploys the Docker resources. */
export interface LabStandInOptions {
  /** The lab's image, imported on every lab host (e.g. `lab/busybox:1`): every container runs it. */
  readonly image: string;
}

/** Where cdktf's own output is kept once `cdk.tf.json` holds the stand-ins; not a `.tf.json`, so Terraform skips it. */
export const SYNTHESIZED_CONFIG_FILE = 'cdk.synthesized.json';
const MARK = 'labStandIns';

/** Shell helpers of the rendered commands; fixed text with no `${` (Terraform would read it as an expression). */
const UNLESS_ERROR = [
  '# A docker command whose error saying "$1" means there is nothing left to do.',
  'unless_error() {',
  '  expected_error=$1; shift',
  '  if output=$("$@" 2>&1); then [ -z "$output" ] || printf \'%s\\n\' "$output"; return 0; fi',
  '  case $output in *"$expected_error"*) printf \'%s\\n\' "$output"; return 0 ;; esac',
  '  printf \'%s\\n\' "$output" >&2',
  '  return 1',
  '}',
];
const EXPECT_OUTPUT = [
  '# A docker command that must print "$1".',
  'expect_output() {',
  '  expected=$1; shift',
  '  output=$("$@")',
  '  [ "$output" = "$expected" ] || { printf \'expected "%s" from: %s; got "%s"\\n\' "$expected" "$*" "$output" >&2; return 1; }',
  '}',
];

/**
 * `config` (a synthesized `cdk.tf.json`) as the lab deploys it: the Docker
 * provider gone, each Docker resource a stand-in that runs the docker CLI
 * against the provider block's `host` for that resource (its `DOCKER_HOST`).
 * Throws {@link UntranslatableDockerResource} naming the resource and argument
 * for anything it cannot translate.
 */
export function labDeployableConfig(config: TerraformJson, options: LabStandInOptions): TerraformJson {
  const endpoints = dockerEndpoints(config);
  const deployable = replaceDockerResources(config, {
    computedAttribute: (reference, label, path) => {
      // The image every container runs is the lab's; the stand-in's id changes with the image like the provider's image_id.
      if (reference.type === 'docker_image' && reference.attribute === 'image_id') return `${standInAddress(reference.type, reference.id)}.id${reference.rest}`;
      const attribute = reference.attribute ? `${reference.type}.${reference.id}.${reference.attribute}` : `${reference.type}.${reference.id}`;
      throw new UntranslatableDockerResource(
        `cannot deploy ${label} in the lab: argument ${path} refers to ${attribute}, which only the Docker provider knows once it has made the resource`,
      );
    },
    standIn: (resource) => standIn(resource, endpointOf(resource, endpoints), options.image),
  });
  const comment = (deployable['//'] as JsonObject | undefined) ?? {};
  return { ...deployable, '//': { ...comment, [MARK]: { synthesized: SYNTHESIZED_CONFIG_FILE, image: options.image } } };
}

/**
 * Makes the stack in `stackDir` deploy through stand-ins: cdktf's `cdk.tf.json`
 * is kept as {@link SYNTHESIZED_CONFIG_FILE} and `cdk.tf.json`, which Terraform
 * reads, becomes its {@link labDeployableConfig}. Run it after each synth; run
 * twice, it translates the kept original again.
 */
export function writeLabDeployableConfig(stackDir: string, options: LabStandInOptions): void {
  const deployed = join(stackDir, 'cdk.tf.json');
  const kept = join(stackDir, SYNTHESIZED_CONFIG_FILE);
  const current = JSON.parse(readFileSync(deployed, 'utf8')) as TerraformJson;
  const alreadyDeployable = (current['//'] as JsonObject | undefined)?.[MARK] !== undefined;
  if (alreadyDeployable && !existsSync(kept)) throw new Error(`${deployed} holds stand-ins, but ${kept} is missing: synthesize again`);
  const synthesized = alreadyDeployable ? (JSON.parse(readFileSync(kept, 'utf8')) as TerraformJson) : current;
  // A fresh synth over an earlier one: the kept file is what was deployed before.
  const previous = !alreadyDeployable && existsSync(kept) ? labDeployableConfig(JSON.parse(readFileSync(kept, 'utf8')) as TerraformJson, options) : undefined;
  // Before writing: a failed translation leaves both files as they were.
  const deployable = previous ? withRemovedStandIns(labDeployableConfig(synthesized, options), previous) : labDeployableConfig(synthesized, options);
  writeFileSync(kept, `${JSON.stringify(synthesized, null, 2)}\n`);
  writeFileSync(deployed, `${JSON.stringify(deployable, null, 2)}\n`);
}

/**
 * The provider destroys a Docker resource that left the code; a stand-in that
 * left the code would just be forgotten (Terraform runs no destroy-time
 * provisioner of a resource without configuration). So each stand-in the
 * previous configuration had and this one lacks gets a `removed` block with
 * `destroy = true` and its destroy-time provisioner (Terraform >= 1.9).
 */
function withRemovedStandIns(config: TerraformJson, previous: TerraformJson): TerraformJson {
  const now = config.resource?.terraform_data ?? {};
  const before = previous.resource?.terraform_data ?? {};
  const removed = Object.entries(before)
    .filter(([name]) => isDockerStandIn(name) && !(name in now))
    .map(([name, body]) => {
      const provisioner = ((body.provisioner ?? []) as JsonObject[]).filter((p) => Object.values(p).some((settings) => (settings as JsonObject | null)?.when === 'destroy'));
      // Terraform rejects an empty provisioner list (an image's stand-in has nothing to run at destroy).
      return { from: `terraform_data.${name}`, lifecycle: { destroy: true }, ...(provisioner.length ? { provisioner } : {}) };
    });
  return removed.length ? { ...config, removed } : config;
}

/** The synthesized configuration kept beside a stack made deployable by {@link writeLabDeployableConfig}. */
export function readSynthesizedConfig(stackDir: string): TerraformJson {
  return JSON.parse(readFileSync(join(stackDir, SYNTHESIZED_CONFIG_FILE), 'utf8')) as TerraformJson;
}

function standIn(resource: DockerResource, dockerHost: string, image: string): JsonObject {
  if (resource.otherMetaArguments.length) {
    throw new UntranslatableDockerResource(`cannot deploy ${resource.label} in the lab: its ${resource.otherMetaArguments.join(', ')} has no stand-in translation`);
  }
  const commands = dockerCommands(resource, image);
  const input: JsonObject = { arguments: resource.args, docker_host: dockerHost };
  return {
    input,
    // Any change replaces the stand-in, as the provider replaces a resource whose argument forces a new one.
    triggers_replace: { ...input, image },
    provisioner: [
      { 'local-exec': localExec(commands.create, 'create') },
      ...(commands.destroy.length ? [{ 'local-exec': localExec(commands.destroy, 'destroy') }] : []),
    ],
  };
}

/**
 * A local-exec running `commands`: every literal argv element shell-quoted
 * into the script, every one Terraform interpolates handed over in the
 * environment and used as `"$CDN_ARG_n"`, so no interpolated value is read by
 * the shell as code.
 */
function localExec(commands: readonly DockerCommand[], when: 'create' | 'destroy'): JsonObject {
  const environment: Record<string, string> = { DOCKER_HOST: '${self.input.docker_host}' };
  let count = 0;
  const word = (element: string) => {
    if (isLiteralTemplate(element)) return shellQuote(element);
    const name = `CDN_ARG_${++count}`;
    environment[name] = element;
    return `"$${name}"`;
  };
  const line = (command: DockerCommand) => {
    const docker = ['docker', ...command.argv.map(word)].join(' ');
    if (command.unlessError !== undefined) return `unless_error ${shellQuote(command.unlessError)} ${docker}`;
    if (command.expectOutput !== undefined) return `expect_output ${shellQuote(command.expectOutput)} ${docker}`;
    return docker;
  };
  const helpers = [
    ...(commands.some((c) => c.unlessError !== undefined) ? UNLESS_ERROR : []),
    ...(commands.some((c) => c.expectOutput !== undefined) ? EXPECT_OUTPUT : []),
  ];
  const script = ['set -eu', ...helpers, ...commands.map(line)].join('\n');
  return { command: script, interpreter: ['/bin/sh', '-c'], environment, when };
}

/** The `host` of each `provider.docker` block, by alias (`''` for the default one). */
function dockerEndpoints(config: TerraformJson): Map<string, string> {
  const blocks = (config.provider as Record<string, unknown> | undefined)?.docker;
  const list = Array.isArray(blocks) ? blocks : blocks === undefined ? [] : [blocks];
  const endpoints = new Map<string, string>();
  for (const block of list as JsonObject[]) {
    const alias = typeof block.alias === 'string' ? block.alias : '';
    const name = alias ? `provider docker (alias ${alias})` : 'provider docker';
    const other = Object.keys(block).filter((key) => key !== 'alias' && key !== 'host' && block[key] !== null);
    if (other.length) throw new UntranslatableDockerResource(`cannot deploy through ${name} in the lab: no docker CLI translation for ${other.join(', ')}`);
    // Without a host the CLI would reach whatever engine this machine has, not the lab host's.
    if (typeof block.host !== 'string') throw new UntranslatableDockerResource(`cannot deploy through ${name} in the lab: it names no host`);
    endpoints.set(alias, block.host);
  }
  return endpoints;
}

function endpointOf(resource: DockerResource, endpoints: Map<string, string>): string {
  const alias = resource.provider?.replace(/^docker\.?/, '') ?? '';
  const endpoint = endpoints.get(alias);
  if (endpoint === undefined) throw new UntranslatableDockerResource(`cannot deploy ${resource.label} in the lab: no provider docker block ${alias ? `with alias ${alias}` : 'without alias'}`);
  return endpoint;
}
