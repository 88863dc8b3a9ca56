/**
 * One measurement of a deployed fabric: TCP throughput through the overlay
 * (container to container by fabric address) and through the underlay (lab
 * host to lab host by underlay address, the path the tunnels take), alternated
 * in pairs so both see the same machine load; each pair gives a ratio.
 */
import { join } from 'node:path';
import { containerPid } from '../../lab/connectivity.js';
import type { DeployedFabric } from './stack.js';
import { hostNetns, iperfRun, pidNetns, startIperfServer, stopIperfServer, type IperfRun, type IperfServer } from './iperf.js';

export interface PairedRuns {
  readonly underlay: IperfRun[];
  /** Overlay runs; fewer than underlay runs when the overlay stalled and was given up. */
  readonly overlay: IperfRun[];
  /** overlay / underlay of each pair where the overlay moved data. */
  readonly ratios: number[];
  readonly stalled: boolean;
}

const UNDERLAY_PORT = 5201;
const OVERLAY_PORT = 5202;
/** Two stalled overlay runs in a row: the path does not carry full-size TCP, no need for more. */
const STALLS_TO_GIVE_UP = 2;

export async function measurePairs(deployed: DeployedFabric, repeats: number, seconds: number, workdir: string): Promise<PairedRuns> {
  const receiverHost = deployed.to.labHost;
  const senderHost = deployed.from.labHost;
  const underlayAddress = receiverHost.options.underlayAddress!.split('/')[0]!;
  const overlayAddress = deployed.to.address.split('/')[0]!;
  const senderPid = await containerPid(deployed.from);
  const receiverPid = await containerPid(deployed.to);
  const startOverlayServer = () => startIperfServer(pidNetns(receiverPid), overlayAddress, OVERLAY_PORT, join(workdir, 'iperf-overlay.pid'));
  const underlayServer = await startIperfServer(hostNetns(receiverHost.namespace), underlayAddress, UNDERLAY_PORT, join(workdir, 'iperf-underlay.pid'));
  let overlayServer: IperfServer = await startOverlayServer();
  const underlay: IperfRun[] = [];
  const overlay: IperfRun[] = [];
  const ratios: number[] = [];
  let stalls = 0;
  try {
    // Warm-up: ARP, flow setup and the tunnel's neighbour entry happen here, not in a measured run.
    await iperfRun(hostNetns(senderHost.namespace), underlayServer, 1);
    const warm = await iperfRun(pidNetns(senderPid), overlayServer, 1);
    if (warm.stalled) {
      stalls++;
      await stopIperfServer(overlayServer);
      overlayServer = await startOverlayServer();
    }
    for (let i = 0; i < repeats; i++) {
      const runUnderlay = async () => {
        const run = await iperfRun(hostNetns(senderHost.namespace), underlayServer, seconds);
        underlay.push(run);
        return run;
      };
      const runOverlay = async (): Promise<IperfRun | undefined> => {
        if (stalls >= STALLS_TO_GIVE_UP) return undefined;
        const run = await iperfRun(pidNetns(senderPid), overlayServer, seconds);
        overlay.push(run);
        if (run.stalled) {
          stalls++;
          // A server whose last client stalled may still be waiting on it.
          await stopIperfServer(overlayServer);
          overlayServer = await startOverlayServer();
        } else stalls = 0;
        return run;
      };
      // Alternate which goes first, so a drift in load does not favour one side.
      let u: IperfRun;
      let o: IperfRun | undefined;
      if (i % 2 === 0) {
        u = await runUnderlay();
        o = await runOverlay();
      } else {
        o = await runOverlay();
        u = await runUnderlay();
      }
      if (o && !o.stalled && !u.stalled && u.bitsPerSecond > 0) ratios.push(o.bitsPerSecond / u.bitsPerSecond);
      const gbps = (r?: IperfRun) => (r ? (r.stalled ? `STALLED${r.error ? ` (${r.error.slice(0, 120)})` : ''}` : `${(r.bitsPerSecond / 1e9).toFixed(3)} Gbit/s (${r.retransmits} retr.)`) : 'skipped (stalled before)');
      console.log(`    pair ${i + 1}/${repeats}: underlay ${gbps(u)}, overlay ${gbps(o)}${ratios.length && o && !o.stalled ? `, ratio ${(o.bitsPerSecond / u.bitsPerSecond).toFixed(3)}` : ''}`);
    }
  } finally {
    await stopIperfServer(underlayServer);
    await stopIperfServer(overlayServer);
  }
  const stalled = overlay.length === 0 || overlay.some((r) => r.stalled);
  return { underlay, overlay, ratios, stalled };
}
