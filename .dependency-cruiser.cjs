/**
 * The house rules `npm run lint` checks on the import graph (dependency-cruiser):
 * no import loops anywhere (type-only imports count), the library never reaches
 * into its executables, and the widgets never into the server or Node.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import loop: split the shared part into a module both sides import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'library-not-executables',
      comment:
        'server-adapter/bin/ holds the executables (cli, commands, demo server, verify); the library must not import them.',
      severity: 'error',
      from: { path: '^server-adapter/', pathNot: ['^server-adapter/bin/', '\\.test\\.ts$', '\\.suite\\.ts$'] },
      to: { path: '^server-adapter/bin/' },
    },
    {
      name: 'widgets-not-server',
      comment: 'Browser code (src/) must not pull in the adapter.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^server-adapter/' },
    },
    {
      name: 'widgets-not-node',
      comment: 'Browser code (src/) must not import Node built-ins.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
  },
};
