import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CDK_CLI } from './support/cdk-cli.js';

/** The real CLI on the real app (stacks/main.ts), as a user runs it (cdktf's, or cdktn's under .ci/cdktn-check). */
describe(`npx ${CDK_CLI.command} synth`, () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdn-synth-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('writes the stack of every environment, honouring context overrides', async () => {
    const context = { staging: { dockerHost: 'ssh://deploy@staging.example.com', namePrefix: 'staging-' } };
    const result = await execa('npx', [CDK_CLI.command, 'synth', '--output', outdir], {
      env: { CHECKPOINT_DISABLE: '1', CI: '1', CDKTF_CONTEXT_JSON: JSON.stringify(context) },
      reject: false,
    });
    expect(result.exitCode).toBe(0);

    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(['dev', 'prod', 'staging', 'staging-static']);

    const dev = JSON.parse(readFileSync(join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
    expect(Object.values(dev.resource.docker_container).map((c: any) => c.name).sort()).toEqual(['ElasticSearch', 'MongoDB', 'Tomcat']);
    expect(dev.provider.docker).toEqual([{ host: 'unix:///var/run/docker.sock' }]);

    const staging = JSON.parse(readFileSync(join(outdir, 'stacks', 'staging', 'cdk.tf.json'), 'utf8'));
    expect(staging.provider.docker).toEqual([{ host: 'ssh://deploy@staging.example.com' }]);
    expect(Object.values(staging.resource.docker_container).map((c: any) => c.name).sort()).toEqual([
      'staging-ElasticSearch',
      'staging-MongoDB',
      'staging-Tomcat',
    ]);
    expect(Object.values(staging.resource.docker_network).map((n: any) => n.name)).toEqual(['staging-links']);
  });

  it('needs no Terraform: the app synthesizes its provisioners with terraform off the PATH, and declares the version it needs', async () => {
    const out = join(outdir, 'without-terraform');
    const tsx = join(import.meta.dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const result = await execa(process.execPath, [tsx, join(import.meta.dirname, '..', 'stacks', 'main.ts')], {
      env: { PATH: '/usr/bin:/bin', CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: out },
      extendEnv: false,
      reject: false,
    });
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const prod = JSON.parse(readFileSync(join(out, 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(prod.resource.terraform_data).length).toBeGreaterThan(0);
    expect(prod.terraform.required_version).toBe('>= 1.4');
  });
});
