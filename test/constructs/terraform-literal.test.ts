import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lazy, TerraformStack, TerraformVariable, Testing } from '../../lib/constructs/cdktf.js';
import { DockerHost, Service } from '../../lib/index.js';
import { escapeTemplateSequences, terraformLiteral } from '../../lib/constructs/terraform-literal.js';
import { terraformIn } from '../../lab/terraform.js';
import { resourceNamed, synth } from '../support/synth.js';

/** Texts Terraform would evaluate as templates if they were written raw. */
const TEMPLATES = ['${file("/etc/hostname")}', '%{ if true }yes%{ endif }', '$${', '%%{', 'cost: $', '$$${x}', 'a ${ b', '100%{', '}'];

describe('user text reaches Terraform as written', () => {
  it('escapes ${ and %{ in plain text, and nothing else', () => {
    expect(escapeTemplateSequences('${file("x")} %{if} $ % { }')).toBe('$${file("x")} %%{if} $ % { }');
    expect(terraformLiteral('plain text')).toBe('plain text');
  });

  it('keeps cdktf tokens as expressions beside escaped text, even right after a "$"', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const price = new TerraformVariable(stack, 'price', { type: 'string' });
    const host = new DockerHost(stack, 'h1');
    new Service(stack, 'web', {
      host,
      image: 'busybox:1.36',
      environment: { A: `\${file("x")} ${price.stringValue}`, B: `$${price.stringValue}`, C: Lazy.stringValue({ produce: () => '10.0.0.5' }) },
    });
    const env = resourceNamed(synth(stack).config, 'docker_container', 'web').body.env;
    expect(env).toEqual(['A=$${file("x")} ${var.price}', 'B=${"$"}${var.price}', 'C=10.0.0.5']);
  });

  it('writes environment values so that real Terraform evaluates them to the text the user wrote', async () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const host = new DockerHost(stack, 'h1');
    new Service(stack, 'web', { host, image: 'busybox:1.36', environment: Object.fromEntries(TEMPLATES.map((text, i) => [`V${i}`, text])) });
    const env: string[] = resourceNamed(synth(stack).config, 'docker_container', 'web').body.env;

    // Terraform evaluates the strings exactly as written in cdk.tf.json (no provider needed for terraform_data).
    const dir = mkdtempSync(join(tmpdir(), 'cdn-literal-'));
    try {
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { terraform_data: { env: { input: env } } } }));
      await terraformIn(dir, ['init', '-input=false']);
      await terraformIn(dir, ['apply', '-auto-approve', '-input=false']);
      const state = JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8'));
      expect(state.resources[0].instances[0].attributes.input.value).toEqual(TEMPLATES.map((text, i) => `V${i}=${text}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
