import { App } from '../lib/constructs/cdktf.js';
import { DevStack } from './dev-stack.js';
import { StagingStack } from './staging-stack.js';

/** The app `cdktf synth` / `cdktf deploy <env>` runs: one stack per environment. */
const app = new App();
new DevStack(app);
new StagingStack(app);
app.synth();
