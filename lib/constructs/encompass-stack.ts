import { Construct } from './cdktf.js';
import { ContainerPort } from '../model/container-port.js';
import { instanceOf, InvalidInputError, oneOf, propsOf, text } from '../model/untyped-input.js';
import { Connectivity } from './connectivity.js';
import { brand, isDockerHost, isEncompassStack, isOverlayFabric } from './construct-brands.js';
import { checkProps } from './construct-input.js';
import type { DockerHost } from './docker-host.js';
import { Service } from './service.js';
import type { OverlayFabric } from './overlay-fabric.js';
import { STATIC_NETWORK_PROPS, StaticNetwork, type StaticNetworkProps } from './static-network.js';

/** Where each service runs; unset ones run on {@link EncompassStackProps.host}. */
export interface EncompassPlacement {
  /**
   * Host of Elasticsearch.
   * @default the stack's `host`
   */
  readonly elasticsearch?: DockerHost;
  /**
   * Host of MongoDB.
   * @default the stack's `host`
   */
  readonly mongodb?: DockerHost;
  /**
   * Host of Tomcat.
   * @default the stack's `host`
   */
  readonly tomcat?: DockerHost;
}

/** Fixed addresses per service; unset ones get the next free address. */
export interface EncompassAddresses {
  /**
   * Address of Elasticsearch.
   * @default the next free address
   */
  readonly elasticsearch?: string;
  /**
   * Address of MongoDB.
   * @default the next free address
   */
  readonly mongodb?: string;
  /**
   * Address of Tomcat.
   * @default the next free address
   */
  readonly tomcat?: string;
}

/** Static addresses for the three services: the network settings and, optionally, fixed addresses. */
export interface EncompassStaticAddresses extends Omit<StaticNetworkProps, 'host'> {
  /** Requested addresses; a service without one gets the next free address. @default all planned */
  readonly addresses?: EncompassAddresses;
}

/** Images of the three services; public images so a deploy works anywhere. */
export interface EncompassImages {
  /**
   * Image of Elasticsearch.
   * @default "elasticsearch:7.17.25"
   */
  readonly elasticsearch?: string;
  /**
   * Image of MongoDB.
   * @default "mongo:7.0"
   */
  readonly mongodb?: string;
  /**
   * Image of Tomcat.
   * @default "tomcat:9.0-jre17"
   */
  readonly tomcat?: string;
}

/** Properties of an {@link EncompassStack}. */
export interface EncompassStackProps {
  /** The Docker host the three containers run on (unless `placement` says otherwise). */
  readonly host: DockerHost;
  /**
   * Hosts for single services, e.g. to spread them over a fabric.
   * @default every service on `host`
   */
  readonly placement?: EncompassPlacement;
  /**
   * The fabric of `Connectivity.FABRIC`; every service's host must be part of it.
   * @default none
   */
  readonly fabric?: OverlayFabric;
  /**
   * `Connectivity.FABRIC`: fixed fabric addresses (each inside its host's static half).
   * @default planned
   */
  readonly fabricAddresses?: EncompassAddresses;
  /** How Tomcat reaches Elasticsearch and MongoDB. */
  readonly connectivity: Connectivity;
  /**
   * Prefix of the container names (`ElasticSearch`, `MongoDB`, `Tomcat`), so two
   * environments can share one Docker engine.
   * @default ""
   */
  readonly namePrefix?: string;
  /**
   * Images of the three services.
   * @default the public images in {@link EncompassImages}
   */
  readonly images?: EncompassImages;
  /**
   * In port-mapping mode, the name Tomcat uses for the Docker host, where the
   * other services' ports are published. It is added to Tomcat's hosts file as
   * Docker's `host-gateway`.
   * @default "host.docker.internal"
   */
  readonly hostAlias?: string;
  /**
   * Give the three services static addresses on one network; with links, the
   * link variables' `_ADDR` values are then these addresses.
   * @default no static addresses
   */
  readonly staticAddresses?: EncompassStaticAddresses;
}

const A_HOST = instanceOf(isDockerHost, "a DockerHost (new DockerHost(stack, 'h1'))");
const ADDRESSES = propsOf<EncompassAddresses>()({ elasticsearch: text().optional(), mongodb: text().optional(), tomcat: text().optional() });
const ENCOMPASS_STACK_PROPS = propsOf<EncompassStackProps>()({
  host: A_HOST,
  placement: propsOf<EncompassPlacement>()({ elasticsearch: A_HOST.optional(), mongodb: A_HOST.optional(), tomcat: A_HOST.optional() }).optional(),
  fabric: instanceOf(isOverlayFabric, "an OverlayFabric (new OverlayFabric(stack, 'fabric', { … }))").optional(),
  fabricAddresses: ADDRESSES.optional(),
  connectivity: oneOf([Connectivity.PORT_MAPPING, Connectivity.LINKS, Connectivity.FABRIC]),
  namePrefix: text().optional(),
  images: propsOf<EncompassImages>()({ elasticsearch: text().optional(), mongodb: text().optional(), tomcat: text().optional() }).optional(),
  hostAlias: text().optional(),
  staticAddresses: STATIC_NETWORK_PROPS.omit({ host: true }).extend({ addresses: ADDRESSES.optional() }).optional(),
});

/**
 * The article's application: Elasticsearch (9200, 9300), MongoDB (27017, 27018)
 * and Tomcat, whose `JAVA_OPTS` point it at the other two. A construct, not a
 * Terraform stack: put it in any stack.
 *
 * - `port-mapping`: every service publishes its ports on the host (`-p 9200:9200`…),
 *   and Tomcat reaches the others at the host's address.
 * - `links`: `--link MongoDB:db --link ElasticSearch:es`; Tomcat's `JAVA_OPTS`
 *   is built from the link variables, and only Tomcat's web ports are published.
 *
 * Tomcat's web ports are the official image's 8080/8443, published on the host's
 * 80/443 as the article's `-p 80:80 -p 443:443` intended.
 */
export class EncompassStack extends Construct {
  /** Returns whether `x` is an EncompassStack (also one made by another copy of this package). */
  public static isEncompassStack(x: unknown): x is EncompassStack {
    return isEncompassStack(x);
  }

  /** Elasticsearch: container `<namePrefix>ElasticSearch`, ports 9200 and 9300. */
  public readonly elasticsearch: Service;
  /** MongoDB: container `<namePrefix>MongoDB`, ports 27017 and 27018. */
  public readonly mongodb: Service;
  /** Tomcat: container `<namePrefix>Tomcat`, ports 8080 and 8443 published on the host's 80 and 443. */
  public readonly tomcat: Service;
  /** The network of the static addresses, when there are any. */
  public readonly staticNetwork?: StaticNetwork;

  public constructor(scope: Construct, id: string, props: EncompassStackProps) {
    super(scope, id);
    brand(this, 'EncompassStack');
    checkProps(this, ENCOMPASS_STACK_PROPS, props);
    const fabricProps = (['fabric', 'fabricAddresses'] as const).filter((prop) => props[prop] !== undefined);
    if (props.connectivity === Connectivity.FABRIC && props.fabric === undefined) {
      throw new InvalidInputError([{ path: this.node.path, message: 'Connectivity.FABRIC needs the fabric prop. Pass the OverlayFabric the services join' }]);
    }
    if (props.connectivity !== Connectivity.FABRIC && fabricProps.length > 0) {
      throw new InvalidInputError([{
        path: this.node.path,
        message: `${fabricProps.join(' and ')} ${fabricProps.length > 1 ? 'apply' : 'applies'} to Connectivity.FABRIC only, but connectivity is "${props.connectivity}". Remove ${fabricProps.length > 1 ? 'them' : 'it'}, or use Connectivity.FABRIC`,
      }]);
    }
    const prefix = props.namePrefix ?? '';
    const images = props.images ?? {};
    const host = props.host;
    const placement = props.placement ?? {};

    this.elasticsearch = new Service(this, 'ElasticSearch', {
      host: placement.elasticsearch ?? host,
      name: `${prefix}ElasticSearch`,
      image: images.elasticsearch ?? 'elasticsearch:7.17.25',
      exposedPorts: [ContainerPort.tcp(9200), ContainerPort.tcp(9300)],
      environment: { 'discovery.type': 'single-node', ES_JAVA_OPTS: '-Xms512m -Xmx512m' },
    });
    this.mongodb = new Service(this, 'MongoDB', {
      host: placement.mongodb ?? host,
      name: `${prefix}MongoDB`,
      image: images.mongodb ?? 'mongo:7.0',
      exposedPorts: [ContainerPort.tcp(27017), ContainerPort.tcp(27018)],
    });
    this.tomcat = new Service(this, 'Tomcat', {
      host: placement.tomcat ?? host,
      name: `${prefix}Tomcat`,
      image: images.tomcat ?? 'tomcat:9.0-jre17',
      exposedPorts: [ContainerPort.tcp(8080), ContainerPort.tcp(8443)],
    });
    this.tomcat.publish(ContainerPort.tcp(8080), { hostPort: 80 });
    this.tomcat.publish(ContainerPort.tcp(8443), { hostPort: 443 });

    if (props.staticAddresses) {
      const { addresses = {}, ...networkProps } = props.staticAddresses;
      this.staticNetwork = new StaticNetwork(this, 'static', { host, ...networkProps });
      const request = (address: string | undefined) => (address !== undefined ? { address } : {});
      this.staticNetwork.assign(this.elasticsearch, request(addresses.elasticsearch));
      this.staticNetwork.assign(this.mongodb, request(addresses.mongodb));
      this.staticNetwork.assign(this.tomcat, request(addresses.tomcat));
    }

    if (props.connectivity === Connectivity.PORT_MAPPING) {
      this.wireByPortMapping(props.hostAlias ?? 'host.docker.internal');
    } else if (props.connectivity === Connectivity.LINKS) {
      this.wireByLinks();
    } else {
      this.wireByFabric(props.fabric!, props.fabricAddresses ?? {});
    }
  }

  private wireByFabric(fabric: OverlayFabric, addresses: EncompassAddresses): void {
    const request = (address: string | undefined) => (address !== undefined ? { address } : {});
    fabric.assign(this.elasticsearch, request(addresses.elasticsearch));
    fabric.assign(this.mongodb, request(addresses.mongodb));
    fabric.assign(this.tomcat, request(addresses.tomcat));
    const es = fabric.addressOf(this.elasticsearch);
    const db = fabric.addressOf(this.mongodb);
    this.tomcat.addEnvironment('JAVA_OPTS', javaOpts(es, db, db));
  }

  private wireByPortMapping(hostAlias: string): void {
    for (const port of [9200, 9300]) this.elasticsearch.publish(ContainerPort.tcp(port));
    for (const port of [27017, 27018]) this.mongodb.publish(ContainerPort.tcp(port));
    this.tomcat.addExtraHost(hostAlias, 'host-gateway');
    this.tomcat.addEnvironment('JAVA_OPTS', javaOpts(hostAlias, hostAlias, hostAlias));
  }

  private wireByLinks(): void {
    this.tomcat.link(this.mongodb, { alias: 'db' });
    this.tomcat.link(this.elasticsearch, { alias: 'es' });
    this.tomcat.addEnvironment(
      'JAVA_OPTS',
      javaOpts(
        this.tomcat.linkVariable('es', 'ES_PORT_9200_TCP_ADDR'),
        this.tomcat.linkVariable('db', 'DB_PORT_27017_TCP_ADDR'),
        this.tomcat.linkVariable('db', 'DB_PORT_27018_TCP_ADDR'),
      ),
    );
  }
}

/** The article's Tomcat settings: `-Des.node.hosts=… -Ddb.encompass.hosts=…:27017 -Ddb.audit.hosts=…:27018`. */
function javaOpts(esHost: string, encompassDbHost: string, auditDbHost: string): string {
  return [
    `-Des.node.hosts=${esHost}`,
    `-Ddb.encompass.hosts=${encompassDbHost}:27017`,
    `-Ddb.audit.hosts=${auditDbHost}:27018`,
  ].join(' ');
}
