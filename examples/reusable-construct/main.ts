/**
 * Reusable construct: `SearchTier` (search-tier.ts beside this file) packages
 * Elasticsearch and Kibana with typed, documented props, the way a team shares
 * a service group between projects. This app uses it twice on one host: a
 * tier for logs with the defaults, and one for the product catalog with a
 * bigger heap on another Kibana port. Their container names and link aliases
 * come from the construct ids, so the two never clash.
 *
 * Run it: in a project made by `cdktf init --template=typescript`, run
 * `npm install cdktf-docker-network`, put this file in place of main.ts and
 * search-tier.ts beside it, add `"ts-node": { "experimentalResolver": true }`
 * to tsconfig.json (see the import below), and run `npx cdktf synth`.
 */
import { App, TerraformStack } from 'cdktf';
import { DockerHost } from 'cdktf-docker-network';
// '.js' for search-tier.ts: ES module (NodeNext) projects need the extension and tsc maps it for
// CommonJS too; ts-node, which `cdktf synth` runs in a `cdktf init` project, maps it only with
// "ts-node": { "experimentalResolver": true } in tsconfig.json.
import { SearchTier } from './search-tier.js';

const app = new App();
const stack = new TerraformStack(app, 'search');
const host = new DockerHost(stack, 'search-host', { endpoint: 'ssh://deploy@10.0.0.21' });

new SearchTier(stack, 'logs', { host }); // logs-elasticsearch, logs-kibana on 127.0.0.1:5601
new SearchTier(stack, 'catalog', { host, heapSize: '2g', kibanaPort: 5602 }); // catalog-…, Kibana on 5602

app.synth();
