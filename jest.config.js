// ESM jest: execa 9+ is ESM-only, so the whole project runs as ESM
// (run with NODE_OPTIONS=--experimental-vm-modules; `npm test` sets it).
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    // TypeScript NodeNext imports say './x.js'; jest resolves the .ts source.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // One TMPDIR per run, removed at the end (cdktf's Testing.app() leaves a directory per call).
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
};
