import { isValidPortNumber, showPort } from './container-port.js';
import { containerNameProblem, environmentKeyProblem, hostsEntryNameProblem, linkAliasProblem } from './docker-names.js';
import { canonicalHostIp } from './host-ip.js';
import { imageReferenceProblem } from './image-reference.js';
import type { Problem } from './problem.js';
import type { ServiceSpec } from './topology.js';

/** How to treat values that are only known when Terraform applies. */
export interface ValidationOptions {
  /**
   * True for a value that is a placeholder for something Terraform computes
   * (a variable or a reference); such an image is not checked at synth.
   * @default nothing is a placeholder
   */
  readonly isUnresolved?: (value: string) => boolean;
}

/**
 * Checks of one service on its own: names, image, environment keys, port
 * numbers, host addresses and link aliases. Each message starts with the
 * names what is wrong and ends with how to fix it.
 */
/** Why a port number is unusable: out of range, or not a number at all (a quoted "80" from JSON). */
function portDefect(port: unknown): string {
  if (typeof port !== 'number') return 'is not a number (write it without quotes)';
  return Number.isInteger(port) ? 'is outside 1–65535' : 'is not a whole number';
}

export function validateService(service: ServiceSpec, options: ValidationOptions = {}): Problem[] {
  const isUnresolved = options.isUnresolved ?? (() => false);
  const problems: Problem[] = [];
  const push = (message: string | undefined) => message && problems.push({ path: service.path, message });

  if (isUnresolved(service.name)) {
    push('the container name must be a literal string known at synth (it names link variables and hosts entries). Pass a plain string');
  } else {
    push(containerNameProblem(service.name));
  }
  if (!isUnresolved(service.image)) push(imageReferenceProblem(service.image));
  for (const [key] of service.environment) push(environmentKeyProblem(key));

  for (const port of service.exposedPorts) {
    if (!isValidPortNumber(port.port)) {
      push(`exposed port ${showPort(port.port)}/${port.protocol} ${portDefect(port.port)}. Expose the port the process listens on`);
    }
  }
  for (const published of service.publishedPorts) {
    const { containerPort, hostPort, hostIp } = published;
    if (!isValidPortNumber(containerPort.port)) {
      push(`published container port ${showPort(containerPort.port)}/${containerPort.protocol} ${portDefect(containerPort.port)}. Publish the port the process listens on`);
    }
    if (!isValidPortNumber(hostPort)) {
      push(`host port ${showPort(hostPort)} (for ${containerPort.toString()}) ${portDefect(hostPort)}. Choose a host port between 1 and 65535`);
    }
    if (canonicalHostIp(hostIp) === undefined) {
      push(`host IP ${JSON.stringify(hostIp)} (for ${containerPort.toString()}) is not an IPv4 or IPv6 address. Use e.g. "0.0.0.0" (every IPv4 address) or "127.0.0.1"`);
    }
  }
  for (const link of service.links) push(linkAliasProblem(link.alias));
  for (const extra of service.extraHosts) {
    push(hostsEntryNameProblem(extra.hostname));
    if (extra.address !== 'host-gateway' && canonicalHostIp(extra.address) === undefined) {
      push(`extra host ${JSON.stringify(extra.hostname)} has address ${JSON.stringify(extra.address)}, which is neither an IP address nor "host-gateway". Use e.g. "10.0.0.5" or "host-gateway"`);
    }
  }
  return problems;
}
