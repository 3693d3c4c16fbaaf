import type { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import path from 'node:path';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/** Written by global-setup.ts: one workflow bundle per test run instead of one per suite. */
export const WORKFLOW_BUNDLE_PATH = path.resolve(__dirname, '../../.temporal/test-workflow-bundle.js');

const { IndexedValueType } = temporal.api.enums.v1;
const INDEXED_VALUE_TYPES: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

function executable(envVar: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH') {
  const located = process.env[envVar];
  return located ? { type: 'existing-path' as const, path: located } : { type: 'cached-download' as const };
}

/** Temporal's Java test server: timers of days or years complete as soon as nothing else is pending. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executable('TEMPORAL_TEST_SERVER_PATH') },
  });
  // Unlike the dev server, the Java test server takes no search attributes at start-up.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPES[key.type]])),
  });
  return env;
}

/** The Temporal CLI dev server, with the project's search attributes, so visibility queries work as in production. */
export function startDevServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: executable('TEMPORAL_CLI_PATH'),
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
    },
  });
}
