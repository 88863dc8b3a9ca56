import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { hostCommand, lastWords, runOnHost } from '../../lib/cli/host-runner.js';
import { SCRIPT_PRELUDE } from '../../lib/shell/script-prelude.js';

/** Values a topology could carry, each of which a shell would take apart if it were not quoted. */
const HOSTILE = { CDN_A: "it's $(touch /tmp/x) `id` \"q\" \\ ;", CDN_B: 'two\nlines', CDN_C: '' };
const ECHO = 'for n in CDN_A CDN_B CDN_C; do eval "printf \'%s|\' \\"\\$$n\\""; done';

describe('running a script on a host', () => {
  it('locally: sh -c with the values in the environment, exactly', async () => {
    const result = await runOnHost({ kind: 'local' }, ECHO, HOSTILE, 10_000);
    expect(result).toEqual({ ran: true, exitCode: 0, stdout: `${HOSTILE.CDN_A}|${HOSTILE.CDN_B}||`, stderr: '' });
  });

  it('over SSH: ssh in batch mode to user@host on its port, the script and quoted values on standard input', () => {
    const command = hostCommand({ kind: 'ssh', host: '192.0.2.7', user: 'deploy', port: 2222, sudo: false }, ECHO, HOSTILE);
    expect({ program: command.program, args: command.args }).toEqual({
      program: 'ssh',
      args: ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '-p', '2222', 'deploy@192.0.2.7', 'sh -s'],
    });
    expect(hostCommand({ kind: 'ssh', host: 'h', user: 'u', port: 22, sudo: true }, ECHO, HOSTILE).args.at(-1)).toBe('sudo -n sh -s');
    expect(hostCommand({ kind: 'ssh', host: '[2001:db8::7]', user: 'u', port: 22, sudo: false }, ECHO, HOSTILE).args.at(-2)).toBe('u@2001:db8::7');
  });

  it('over SSH, what sh -s on the host reads gives the script every value byte for byte', async () => {
    const { input } = hostCommand({ kind: 'ssh', host: 'h', user: 'u', port: 22, sudo: false }, ECHO, HOSTILE);
    const result = await execa('sh', ['-s'], { input: input!, env: {}, extendEnv: false });
    expect(result.stdout).toBe(`${HOSTILE.CDN_A}|${HOSTILE.CDN_B}||`);
  });

  it('in a lab namespace: nsenter into /run/netns/<namespace>, with the host environment under the values', () => {
    const command = hostCommand({ kind: 'lab-namespace', namespace: 'cdnlab-h1', environment: { DOCKER_HOST: 'unix:///tmp/d.sock' } }, 'true', { CDN_A: 'x' });
    expect(command).toEqual({
      program: 'nsenter',
      args: ['--net=/run/netns/cdnlab-h1', 'sh', '-c', 'true'],
      env: { DOCKER_HOST: 'unix:///tmp/d.sock', CDN_A: 'x' },
    });
  });

  it('a lab namespace that does not exist is not reached, and the reason says so', async () => {
    expect(await runOnHost({ kind: 'lab-namespace', namespace: 'cdn-no-such-namespace', environment: {} }, 'true', {}, 10_000)).toEqual({
      ran: false,
      stdout: '',
      reason: "lab namespace cdn-no-such-namespace does not exist (no /run/netns/cdn-no-such-namespace): start the lab, or check the host's access in the code",
    });
  });

  it('time is bounded: a script that does not finish is stopped, and the reason says how long it had', async () => {
    const started = Date.now();
    const result = await runOnHost({ kind: 'local' }, 'echo started >&2; sleep 30', {}, 500);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({ ran: false, reason: 'this machine did not finish within 1 s' });
    // A generated script's trap names the step it was in.
    const script = `${SCRIPT_PRELUDE}step="waiting for Godot"\nsleep 30\n`;
    expect(await runOnHost({ kind: 'local' }, script, { CDN_SUBJECT: 'test' }, 500)).toMatchObject({ ran: false, reason: 'this machine did not finish within 1 s, while waiting for Godot' });
  });

  it('a program missing here is named with its Debian package', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cdn-no-path-'));
    const path = process.env.PATH;
    process.env.PATH = empty;
    try {
      expect(await runOnHost({ kind: 'local' }, 'true', {}, 10_000)).toEqual({ ran: false, stdout: '', reason: 'sh not found on this machine: install the Debian package dash' });
    } finally {
      process.env.PATH = path;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("lastWords keeps the last lines of stderr without the scripts' prefix", () => {
    expect(lastWords('cdktf-docker-network [web eth1]: container web is not running\ncdktf-docker-network [web eth1]: failed while finding container web (exit 1)\n')).toBe(
      ': container web is not running; failed while finding container web (exit 1)',
    );
    expect(lastWords('\n\n')).toBe('');
  });
});
