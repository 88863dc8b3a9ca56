// Adds cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, …).
import 'cdktf/lib/testing/adapters/jest.js';
import { Testing } from '../lib/constructs/cdktf.js';

Testing.setupJest();
