import type { FabricTunnelVariables } from '../../lib/shell/fabric-scripts.js';

/**
 * The values of one tunnel port (h1 → h2 of fabric f1 on bridge br-fab), for
 * tests that run the tunnel scripts against an Open vSwitch of their own.
 */
export function sampleTunnelVariables(owner: string): FabricTunnelVariables {
  return {
    CDN_SUBJECT: 'fabric f1 tunnel h1 → h2',
    CDN_FABRIC: 'f1',
    CDN_OVS_BRIDGE: 'br-fab',
    CDN_TUNNEL_PORT: 'gre-h2',
    CDN_TUNNEL_TYPE: 'gre',
    CDN_REMOTE_IP: '192.0.2.2',
    CDN_REMOTE_HOST: 'h2',
    CDN_TUNNEL_KEY: '7',
    CDN_LOOP: 'protected',
    CDN_OWNER: owner,
    CDN_STATE_DIR: '/var/lib/cdktf-docker-network',
  };
}
