/**
 * The layering of ../ARCHITECTURE (see README "Architecture"): apps use libs,
 * libs use lower libs only through their index.ts, pure libs stay pure.
 */
const lib = (name) => `^libs/${name}/`;
const notIndex = '^libs/[^/]+/src/(?!index\\.ts$)';

/**
 * Which libs each lib may import (besides itself): ARCHITECTURE.md's table, made
 * exact from the imports the code has. Lower libs first; every lib lists only libs
 * above it in this list, so the layering is a DAG (checked below). `pacing` also
 * has the stricter pacing-is-pure rule; `testing` may be imported by specs of any
 * lib (the rule testing-only-in-tests keeps it out of production code).
 */
const LAYERS = {
  core: [],
  'desk-events': [],
  pacing: [],
  db: ['core'],
  telephony: ['core'],
  queues: ['core'],
  audit: ['core', 'db'],
  auth: ['core', 'db', 'audit'],
  compliance: ['core', 'db', 'audit'],
  leads: ['core', 'db', 'audit', 'compliance'],
  campaigns: ['core', 'db', 'audit', 'compliance', 'leads'],
  agents: ['core', 'db', 'audit', 'desk-events'],
  calls: ['core', 'db', 'audit', 'telephony', 'leads', 'campaigns'],
  // Read models: reads other libs' tables in SQL (never their code), writes only its own tables.
  reporting: ['core', 'db', 'audit'],
  // The wallboard's and the KPI report's queries read reporting's rollups, split by its bucket helper (rollup-buckets.ts).
  dialer: ['core', 'db', 'audit', 'telephony', 'queues', 'compliance', 'leads', 'campaigns', 'agents', 'calls', 'pacing', 'desk-events', 'reporting'],
  testing: ['core', 'db'],
};

const order = Object.keys(LAYERS);
for (const [name, allowed] of Object.entries(LAYERS)) {
  for (const dependency of allowed) {
    if (!(dependency in LAYERS) || order.indexOf(dependency) >= order.indexOf(name)) {
      throw new Error(`.dependency-cruiser.js: LAYERS.${name} may not import ${dependency}, listed at or after it (the layering must stay a DAG)`);
    }
  }
}

const layerRules = Object.entries(LAYERS).map(([name, allowed]) => ({
  name: `layer-${name}`,
  comment: allowed.length ? `@dialer/${name} may import only ${allowed.map((l) => `@dialer/${l}`).join(', ')}.` : `@dialer/${name} imports nothing of ours.`,
  severity: 'error',
  from: { path: lib(name) },
  to: { path: '^libs/', pathNot: [lib(name), ...allowed.map(lib), ...(name === 'testing' ? [] : [lib('testing')])] },
}));

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
      name: 'lib-imports-test-tree',
      comment: 'Libraries (and their specs) use @dialer/testing, never test/, bench/ or scripts/.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(test|bench|scripts)/' },
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
    ...layerRules,
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
      name: 'web-feature-imports-feature',
      comment:
        'apps/web: features never import each other (app/ composes them; shared code goes to ui/ or api/) — but for the lists’ import wizard, which the DNC and consent import pages use as issue 12 asks (one preview, progress and undo for every import).',
      severity: 'error',
      from: { path: '^apps/web/src/features/([^/]+)/' },
      to: {
        path: '^apps/web/src/features/',
        pathNot: ['^apps/web/src/features/$1/', '^apps/web/src/features/lists/import-wizard/'],
      },
    },
    {
      name: 'web-shared-imports-feature',
      comment: 'apps/web: ui/ and api/ import no feature and not the app shell (their specs may render in the test frame, app/testing).',
      severity: 'error',
      from: { path: '^apps/web/src/(ui|api)/' },
      to: { path: '^apps/web/src/(features|app)/', pathNot: '^apps/web/src/app/testing/' },
    },
    {
      name: 'web-imports-server-code',
      comment: 'apps/web runs in the browser: of our server code it may use only the types-only @dialer/desk-events.',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { path: ['^libs/(?!desk-events/)', '^apps/(?!web/)'] },
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
