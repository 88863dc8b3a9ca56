import { existsSync, mkdirSync, copyFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { LabHost } from './lab.js';
import { STATIC_BUSYBOX } from './prerequisites.js';

/** Applets the lab's containers use. */
const APPLETS = ['sh', 'sleep', 'ping', 'ip', 'cat', 'env', 'nc', 'hostname', 'ls', 'wc', 'head', 'dd', 'true'];

/**
 * There is no registry here: images are `docker import`s of a tiny root with a
 * static busybox, with `EXPOSE` lines so Docker's link variables see the ports.
 */
export async function importBusyboxImage(host: LabHost, rootfs: string, tag: string, exposedPorts: readonly string[]): Promise<void> {
  if (!existsSync(join(rootfs, 'bin', 'busybox'))) {
    mkdirSync(join(rootfs, 'bin'), { recursive: true });
    mkdirSync(join(rootfs, 'tmp'), { recursive: true });
    copyFileSync(STATIC_BUSYBOX, join(rootfs, 'bin', 'busybox'));
    for (const applet of APPLETS) symlinkSync('busybox', join(rootfs, 'bin', applet));
  }
  const changes = [...exposedPorts.flatMap((p) => ['--change', `EXPOSE ${p}`]), '--change', 'CMD ["/bin/sleep", "infinity"]'];
  const archive = `${rootfs}.tar`;
  if (!existsSync(archive)) await execa('tar', ['-C', rootfs, '-cf', archive, '.']);
  await host.docker(['import', ...changes, '-', tag], { inputFile: archive });
}
