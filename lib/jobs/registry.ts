import 'server-only';
import type { JobDefinition } from './boss';
import { descriptionJobDefinitions } from './handlers/descriptions';
import { deletionJobDefinitions } from './handlers/deletions';
import { retentionJobDefinitions } from './handlers/retention';

// Every feature's job definitions, in one list the worker starts. A feature
// adds its handler module under lib/jobs/handlers/ and one line here.
export async function allJobDefinitions(): Promise<JobDefinition[]> {
  return [...descriptionJobDefinitions, ...deletionJobDefinitions(), ...retentionJobDefinitions()];
}
