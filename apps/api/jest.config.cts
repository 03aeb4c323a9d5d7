// Unit tests beside the code.
module.exports = {
  ...require('./jest.esm.cts'),
  displayName: 'api',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/api',
};
