import type { Problem } from '../model/problem.js';
import type { Service } from './service.js';

/**
 * Docker names a container's interfaces on its Docker networks eth0, eth1…: an
 * interface a provisioner makes (a static network's, an OVN port's) must not
 * take one of those names. `network` is the construct path of what makes it.
 */
export function dockerInterfaceClash(service: Service, interfaceName: string, network: string): Problem | undefined {
  const index = /^eth(\d+)$/.exec(interfaceName)?.[1];
  if (index === undefined) return undefined;
  const count = service.dockerInterfaceCount();
  if (Number(index) >= count) return undefined;
  return {
    path: service.node.path,
    message:
      `gets interface ${interfaceName} from ${network}, but Docker names the interfaces of its ${count} Docker network${count === 1 ? '' : 's'} ` +
      `eth0${count > 1 ? `–eth${count - 1}` : ''}, so the names would clash. Set interfaceName to e.g. "eth${count}"`,
  };
}
