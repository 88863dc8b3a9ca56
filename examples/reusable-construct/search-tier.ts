/**
 * A construct another project can reuse: a search tier of a single-node
 * Elasticsearch and a Kibana linked to it, packaged behind typed props.
 * Copy this file into your project (or publish it as a package of your own);
 * main.ts beside it uses it twice on one host.
 */
import { Construct } from 'constructs';
import { ContainerPort, type DockerHost, Service } from 'cdktf-docker-network';

/** Properties of a {@link SearchTier}. */
export interface SearchTierProps {
  /** The Docker host both containers run on. */
  readonly host: DockerHost;
  /**
   * Prefix of the container names (`<prefix>elasticsearch`, `<prefix>kibana`).
   * Container names are unique per host, so two tiers on one host need two prefixes.
   * @default the construct id and a dash, e.g. "logs-"
   */
  readonly namePrefix?: string;
  /**
   * Version of the Elasticsearch and Kibana images (Kibana must match Elasticsearch).
   * @default "7.17.25"
   */
  readonly version?: string;
  /**
   * Java heap of Elasticsearch, as `-Xms`/`-Xmx` take it.
   * @default "512m"
   */
  readonly heapSize?: string;
  /**
   * Host port Kibana is published on; one per tier on a host.
   * @default 5601
   */
  readonly kibanaPort?: number;
  /**
   * Host address Kibana is published on.
   * @default "127.0.0.1" (the host only: put a proxy in front)
   */
  readonly kibanaHostIp?: string;
}

/**
 * Elasticsearch and Kibana on one host. Kibana reaches Elasticsearch through a
 * link under Elasticsearch's container name; Elasticsearch publishes no port,
 * so only containers linked to it reach it.
 */
export class SearchTier extends Construct {
  /** Elasticsearch: container `<namePrefix>elasticsearch`, ports 9200 and 9300, not published. */
  public readonly elasticsearch: Service;
  /** Kibana: container `<namePrefix>kibana`, its port 5601 published on `kibanaPort`. */
  public readonly kibana: Service;

  public constructor(scope: Construct, id: string, props: SearchTierProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? `${id}-`;
    const version = props.version ?? '7.17.25';
    const heap = props.heapSize ?? '512m';

    this.elasticsearch = new Service(this, 'elasticsearch', {
      host: props.host,
      name: `${prefix}elasticsearch`,
      image: `elasticsearch:${version}`,
      exposedPorts: [ContainerPort.tcp(9200), ContainerPort.tcp(9300)],
      environment: { 'discovery.type': 'single-node', ES_JAVA_OPTS: `-Xms${heap} -Xmx${heap}` },
    });
    this.kibana = new Service(this, 'kibana', {
      host: props.host,
      name: `${prefix}kibana`,
      image: `kibana:${version}`,
      exposedPorts: [ContainerPort.tcp(5601)],
    });

    // The alias is the container name: unique on the host, so two tiers' aliases never clash.
    this.kibana.link(this.elasticsearch);
    this.kibana.addEnvironment('ELASTICSEARCH_HOSTS', `http://${this.elasticsearch.name}:9200`);
    this.kibana.publish(ContainerPort.tcp(5601), { hostPort: props.kibanaPort ?? 5601, hostIp: props.kibanaHostIp ?? '127.0.0.1' });
  }
}
