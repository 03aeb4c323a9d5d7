// Integration tests: the real Nest app over HTTP on a real (embedded) PostgreSQL.
// One cluster per run (global setup); each test file gets its own fresh database.
const esm = require('./jest.esm.cts');

module.exports = {
  ...esm,
  displayName: 'api-int',
  testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
