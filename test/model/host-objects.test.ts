import { declaredNames, type HostObject } from '../../lib/model/host-objects.js';

const object = (kind: HostObject['kind'], name: string, variables: Record<string, string> = {}): HostObject => ({ kind, name, declaredBy: `app/${name}`, variables });

describe('declaredNames', () => {
  it('keeps every name the objects occupy, by where it lives, sorted and once each', () => {
    const names = declaredNames([
      object('fabric-bridge', 'cdno-11111111', { CDN_DATAPATH: 'netdev', CDN_PHY_BRIDGE: 'br-phy' }),
      object('fabric-tunnel', 'gre-22222222'),
      object('static-attachment', 'cdn3333333333', { CDN_BRIDGE_KIND: 'linux' }),
      object('static-attachment', 'cdn4444444444', { CDN_BRIDGE_KIND: 'ovs' }),
      object('ovn-chassis', 'br-int', { CDN_DATAPATH: 'netdev', CDN_PHY_BRIDGE: 'br-phy' }),
      object('ovn-central', 'cdnc-55555555'),
    ]);
    expect(names).toEqual({
      bridges: ['br-int', 'br-phy', 'cdno-11111111'],
      ports: ['cdn4444444444', 'gre-22222222'],
      links: ['cdn3333333333', 'cdn4444444444'],
      centrals: ['cdnc-55555555'],
    });
  });

  it('counts an OVN chassis\'s integration bridge, and its physical bridge only with the netdev datapath', () => {
    expect(declaredNames([object('ovn-chassis', 'br-int', { CDN_DATAPATH: 'system', CDN_PHY_BRIDGE: 'br-phy' })]).bridges).toEqual(['br-int']);
  });

  it('counts an OVN port as a link and a port: a static attachment on the integration bridge', () => {
    const port = object('static-attachment', 'cdn6666666666', { CDN_BRIDGE_KIND: 'ovs', CDN_OVN_NB: 'tcp:192.0.2.1:6641', CDN_OVN_PORT: 'lp1' });
    expect(declaredNames([port])).toEqual({ bridges: [], ports: ['cdn6666666666'], links: ['cdn6666666666'], centrals: [] });
  });
});
