// The layering the README's "How it is built" and docs/ARCHITECTURE.md describe, checked by `npm run lint`
// (scripts/check-layers.ts). Type-only imports count: a cycle of types still ties the modules together.
const SOURCE = '^(rules|workflows|activities|common|client|intake|worker|codec|scripts)/';

/** What activities may know of the workflows: the messages, names and shapes both sides of the wire share. */
const SHARED_WORKFLOW_DEFINITIONS =
  '^workflows/(messages|stages|search-attributes|lead-query|state|support-messages|client-update-messages)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Dependencies point one way: a cycle means two modules can only be understood, and changed, together.',
      severity: 'error',
      from: { path: SOURCE },
      to: { circular: true },
    },
    {
      name: 'rules-depend-on-nothing',
      comment: 'The business rules are pure functions of their input: they import other rules and npm packages only.',
      severity: 'error',
      from: { path: '^rules/' },
      to: { dependencyTypes: ['local'], pathNot: '^rules/' },
    },
    {
      name: 'workflows-see-activities-through-one-interface',
      comment:
        'Workflow code knows the activities by their types, all of them through workflows/activity-interface.ts.',
      severity: 'error',
      from: { path: '^workflows/', pathNot: '^workflows/activity-interface\\.ts$' },
      to: { path: '^activities/' },
    },
    {
      name: 'activity-interface-is-types-only',
      comment: 'A value import would load adapters and Node built-ins into the workflow sandbox.',
      severity: 'error',
      from: { path: '^workflows/activity-interface\\.ts$' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-stay-deterministic',
      comment: 'Workflow code runs in the sandbox: no client, worker, intake, codec, common or script code in it.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^(client|worker|intake|codec|common|scripts)/' },
    },
    {
      name: 'activities-never-import-client-or-edges',
      comment: 'Activities get what they need through their ports (ActivityDeps), never from the client or worker.',
      severity: 'error',
      from: { path: '^activities/' },
      to: { path: '^(client|intake|worker|scripts)/' },
    },
    {
      name: 'activities-only-share-workflow-definitions',
      comment: 'Activities may use the messages and names the workflows publish, never workflow implementations.',
      severity: 'error',
      from: { path: '^activities/' },
      to: { path: '^workflows/', pathNot: SHARED_WORKFLOW_DEFINITIONS },
    },
    {
      name: 'client-never-imports-activities',
      comment: "The client speaks to leads through the workflows' messages; outside systems are the worker's.",
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^(activities|worker|intake|scripts)/' },
    },
    {
      name: 'intake-is-a-client',
      comment: 'The intake is a client over HTTP: it uses the client helpers, never activities or the worker.',
      severity: 'error',
      from: { path: '^intake/' },
      to: { path: '^(activities|worker|scripts)/' },
    },
    {
      name: 'worker-is-not-an-intake',
      comment: 'The worker runs workflows and activities; the HTTP intake and the scripts run beside it, not in it.',
      severity: 'error',
      from: { path: '^worker/' },
      to: { path: '^(intake|scripts)/' },
    },
    {
      name: 'common-is-shared-by-both-sides',
      comment: 'What the client and the activities both use: it may use rules, never either side.',
      severity: 'error',
      from: { path: '^common/' },
      to: { dependencyTypes: ['local'], pathNot: '^(common|rules)/' },
    },
    {
      name: 'nothing-imports-tests-or-scripts',
      severity: 'error',
      from: { path: '^(rules|workflows|activities|common|client|intake|worker|codec)/' },
      to: { path: '^(test|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|lib|coverage|test)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
