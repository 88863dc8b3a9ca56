export { setup as default } from './temporary-directory.js';
