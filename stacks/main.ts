import { App } from '../lib/constructs/cdktf.js';
import { ENVIRONMENTS, EncompassEnvironment } from './encompass-environment.js';
import { ProdEnvironment } from './prod-environment.js';

/** The app `cdktf synth` / `cdktf deploy <env>` runs: one stack per environment. */
const app = new App();
for (const definition of Object.values(ENVIRONMENTS)) new EncompassEnvironment(app, definition);
new ProdEnvironment(app);
app.synth();
