const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    clean: true,
    // Entries' exports reach require(): tools/bench requires booking-statement.js for the endpoint's SQL.
    library: { type: 'commonjs2' },
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      additionalEntryPoints: [
        { entryName: 'openapi', entryPath: './src/bin/openapi.ts' },
        { entryName: 'seed', entryPath: './src/bin/seed.ts' },
        { entryName: 'booking-statement', entryPath: './src/bin/booking-statement.ts' },
        { entryName: 'keys-rotate', entryPath: './src/bin/keys-rotate.ts' },
        { entryName: 'audit-verify', entryPath: './src/bin/audit-verify.ts' },
      ],
      tsConfig: './tsconfig.app.json',
      // The email templates (src/assets/mail) go next to the bundle: dist/apps/api/assets/mail.
      assets: ['./src/assets'],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    })
  ],
};
