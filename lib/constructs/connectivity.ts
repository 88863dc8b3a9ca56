/**
 * How the services of an application reach each other, after the connectivity
 * options of the 2014 article this library comes from.
 */
export const Connectivity = {
  /** Every service publishes its ports on the host; services meet at the host's address. */
  PORT_MAPPING: 'port-mapping',
  /** Legacy-style links on a user-defined network: link variables, hosts entries, DNS aliases. */
  LINKS: 'links',
  /** Services on an overlay fabric across hosts, reaching each other at their planned fabric addresses. */
  FABRIC: 'fabric',
} as const;

/** One of the {@link Connectivity} modes. */
export type Connectivity = (typeof Connectivity)[keyof typeof Connectivity];
