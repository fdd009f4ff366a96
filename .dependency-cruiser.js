/**
 * The layering of ../ARCHITECTURE (see README "Architecture"): apps use libs,
 * libs use lower libs only through their index.ts, pure libs stay pure.
 */
const lib = (name) => `^libs/${name}/`;
const notIndex = '^libs/[^/]+/src/(?!index\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'lib-imports-app',
      comment: 'Libraries never depend on applications.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'deep-import-across-libs',
      comment: 'Another lib is reached only through its index.ts (import "@dialer/<lib>").',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: notIndex, pathNot: ['^libs/$1/'] },
    },
    {
      name: 'deep-import-from-app',
      comment: 'Apps, tests and benchmarks reach libs only through their index.ts.',
      severity: 'error',
      from: { path: '^(apps|test|bench|scripts)/' },
      to: { path: notIndex },
    },
    {
      name: 'core-imports-nothing-of-ours',
      severity: 'error',
      from: { path: lib('core') },
      to: { path: '^libs/', pathNot: lib('core') },
    },
    {
      name: 'db-imports-only-core',
      severity: 'error',
      from: { path: lib('db') },
      to: { path: '^libs/', pathNot: [lib('db'), lib('core')] },
    },
    {
      name: 'telephony-imports-only-core',
      severity: 'error',
      from: { path: lib('telephony') },
      to: { path: '^libs/', pathNot: [lib('telephony'), lib('core')] },
    },
    {
      name: 'pacing-is-pure',
      comment: 'The pacing engine has no framework, no ORM and no I/O.',
      severity: 'error',
      from: { path: lib('pacing') },
      to: {
        path: [
          '^libs/(?!pacing/)',
          'node_modules/@nestjs/',
          'node_modules/@mikro-orm/',
          'node_modules/(bull|ioredis|pg|twilio)/',
          '^(fs|net|http|https|child_process|node:fs|node:net|node:http|node:https|node:child_process)$',
        ],
      },
    },
    {
      name: 'testing-only-in-tests',
      comment: '@dialer/testing is for specs, e2e tests and benchmarks.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['\\.(spec|int-spec)\\.ts$', '^libs/testing/'] },
      to: { path: lib('testing') },
    },
    {
      name: 'no-circular-libs',
      comment: 'Two libs needing each other means a missing event or a missing lower lib.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|^node_modules/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    builtInModules: { add: [] },
  },
};
