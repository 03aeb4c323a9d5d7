// MikroORM 7 is ESM-only, so the API's tests run as ES modules (NODE_OPTIONS=--experimental-vm-modules).
module.exports = {
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', useESM: true }],
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
