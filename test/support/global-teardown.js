export { teardown as default } from './temporary-directory.js';
