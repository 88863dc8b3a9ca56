/**
 * The `isX` checks recognise the package's objects by a global symbol
 * (`Symbol.for('cdktf-docker-network.<Kind>')`), not by `instanceof`: an app
 * that ends up with two copies of the package (two versions in one
 * node_modules) hands objects of one copy to constructs of the other.
 */
import { Construct, TerraformStack, Testing } from '../../lib/constructs/cdktf.js';
import {
  AddressMode,
  Connectivity,
  ContainerPort,
  DockerHost,
  EncompassStack,
  FabricEngine,
  HostAccess,
  HostAgent,
  OverlayFabric,
  Service,
  StaticNetwork,
} from '../../lib/index.js';

interface Kind {
  readonly name: string;
  readonly is: (x: unknown) => boolean;
  readonly make: (stack: TerraformStack) => unknown;
}

const host = (stack: TerraformStack) => (stack.node.tryFindChild('h1') as DockerHost | undefined) ?? new DockerHost(stack, 'h1');

const KINDS: readonly Kind[] = [
  { name: 'DockerHost', is: DockerHost.isDockerHost, make: host },
  { name: 'Service', is: Service.isService, make: (stack) => new Service(stack, 'db', { host: host(stack), image: 'mongo:7.0' }) },
  {
    name: 'StaticNetwork',
    is: StaticNetwork.isStaticNetwork,
    make: (stack) => new StaticNetwork(stack, 'net', { host: host(stack), mode: AddressMode.NATIVE, subnet: '10.42.0.0/24' }),
  },
  { name: 'OverlayFabric', is: OverlayFabric.isOverlayFabric, make: (stack) => new OverlayFabric(stack, 'fabric', { subnet: '10.50.0.0/16' }) },
  {
    name: 'EncompassStack',
    is: EncompassStack.isEncompassStack,
    make: (stack) => new EncompassStack(stack, 'encompass', { host: host(stack), connectivity: Connectivity.PORT_MAPPING }),
  },
  { name: 'HostAgent', is: HostAgent.isHostAgent, make: (stack) => host(stack).agent },
  { name: 'FabricEngine', is: FabricEngine.isFabricEngine, make: () => FabricEngine.mesh() },
  { name: 'HostAccess', is: HostAccess.isHostAccess, make: () => HostAccess.ssh({ host: '10.0.0.1' }) },
  { name: 'ContainerPort', is: ContainerPort.isContainerPort, make: () => ContainerPort.tcp(27017) },
];

describe.each(KINDS)('$name.is$name', ({ name, is, make }) => {
  it('is true for an instance', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(is(make(stack))).toBe(true);
  });

  it("is true for another copy's instance: an object carrying the kind's global symbol", () => {
    const fromSecondCopy = Object.defineProperty({}, Symbol.for(`cdktf-docker-network.${name}`), { value: true });
    expect(is(fromSecondCopy)).toBe(true);
  });

  it('is false for plain values, a plain construct and the other kinds', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const others = KINDS.filter((kind) => kind.name !== name).map((kind) => kind.make(stack));
    for (const value of [undefined, null, {}, name, 42, { [Symbol(`cdktf-docker-network.${name}`)]: true }, new Construct(stack, 'plain'), ...others]) {
      expect(is(value)).toBe(false);
    }
  });

  it('marks the instance with the global symbol, not enumerable (a spread or a copy does not carry it)', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const instance = make(stack) as object;
    expect(Object.getOwnPropertyDescriptor(instance, Symbol.for(`cdktf-docker-network.${name}`))).toMatchObject({ value: true, enumerable: false });
    expect(is({ ...instance })).toBe(false);
  });
});

describe('constructs take objects of another copy of the package', () => {
  it('accepts a DockerHost that `instanceof` would not recognise', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const real = new DockerHost(stack, 'h1');
    // What a second copy's DockerHost looks like to this copy: the same shape and brand, another prototype.
    const foreign = Object.create(Object.getPrototypeOf(Object.getPrototypeOf(real)), Object.getOwnPropertyDescriptors(real)) as DockerHost;
    expect(foreign instanceof DockerHost).toBe(false);
    expect(DockerHost.isDockerHost(foreign)).toBe(true);
    expect(() => new Service(stack, 'db', { host: foreign, image: 'mongo:7.0' })).not.toThrow();
  });
});
