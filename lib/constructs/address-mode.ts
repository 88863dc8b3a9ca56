/** How a {@link StaticNetwork} gives containers their planned addresses. */
export const AddressMode = {
  /**
   * Docker does it: a user-defined `docker_network` with IPAM settings and an
   * `ipv4_address` per container. No root, no scripts; needs the Docker provider.
   */
  NATIVE: 'native',
  /**
   * The article's veth/netns way (pipework's job), run by Terraform provisioners:
   * a second interface in the running container, joined to an existing Linux or
   * Open vSwitch bridge. Works for any bridge, including a multi-host fabric.
   */
  PROVISIONER: 'provisioner',
} as const;

/** One of the {@link AddressMode} values. */
export type AddressMode = (typeof AddressMode)[keyof typeof AddressMode];
