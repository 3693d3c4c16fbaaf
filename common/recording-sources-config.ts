/**
 * Where meeting recordings may be read from: RECORDING_SOURCE_DIR and RECORDING_SOURCE_HOSTS, beside the
 * RecordingSources that enforces them. The worker reads them with the rest of its configuration; the CLI and the
 * intake read only these two, to check a recording before the workflow sees it, without the worker's other
 * settings (or secrets).
 */
import path from 'node:path';
import { z } from 'zod';
import { parseEnv } from './env-config';
import { commaList } from './env-schema';

export interface RecordingSourcesConfig {
  folder: string;
  allowedHosts: string[];
}

export const RECORDING_SOURCE_VARIABLES = ['RECORDING_SOURCE_DIR', 'RECORDING_SOURCE_HOSTS'] as const;

const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
const hostList = commaList(
  (item) => HOST.test(item),
  'must be a comma-separated list of host names, each optionally with :port',
);

export const recordingSourcesShape = {
  RECORDING_SOURCE_DIR: z
    .string()
    .refine((folder) => !isPseudoFilesystem(folder), 'must not be / or under /proc, /sys or /dev')
    .optional(),
  RECORDING_SOURCE_HOSTS: hostList.optional(),
};

type Parsed = z.infer<z.ZodObject<typeof recordingSourcesShape>>;

export function recordingSourcesFrom(parsed: Parsed): RecordingSourcesConfig {
  return {
    folder: parsed.RECORDING_SOURCE_DIR ?? 'recordings',
    allowedHosts: [...new Set(parsed.RECORDING_SOURCE_HOSTS ?? [])],
  };
}

export function loadRecordingSources(env: NodeJS.ProcessEnv): RecordingSourcesConfig {
  const schema = z.object(recordingSourcesShape);
  return recordingSourcesFrom(parseEnv(env, { variables: RECORDING_SOURCE_VARIABLES, schema }));
}

function isPseudoFilesystem(folder: string): boolean {
  const absolute = path.resolve(folder);
  return (
    absolute === path.parse(absolute).root ||
    ['/proc', '/sys', '/dev'].some((root) => `${absolute}/`.startsWith(`${root}/`))
  );
}
