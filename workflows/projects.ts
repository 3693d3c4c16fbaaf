/**
 * 001: "most projects stem from contracts with existing clients". A client owner pitches a new project, the client
 * agrees to spend the hours on discovery, and the project starts at Blueprint: the client is not qualified again,
 * keeps its client owner, and one client can have any number of projects over the years, each its own workflow.
 */
import { z } from 'zod';
import type { Lead } from './lead';
import { emailAddress, parseInput, requiredText } from '../rules/validation';
import type { LifecycleState } from './state';
import { startLifecycle } from './transitions';

const newProjectSchema = z
  .object({
    /** The workflow of the engagement that made them a client (running, or ended as Won). */
    clientWorkflowId: requiredText(),
    clientOwner: emailAddress('must be the email of the client owner'),
    title: requiredText().max(120, 'must be at most 120 characters'),
    /** The client owner takes the discovery, or hands it to Discovery Duty. */
    discoveryBy: z.enum(['client-owner', 'discovery-duty'], { message: "must be 'client-owner' or 'discovery-duty'" }),
    /** Who recorded the client's agreement to spend the hours on discovery. */
    agreedBy: emailAddress('must be the email of who recorded the agreement'),
  })
  .strict();

export type NewProject = z.output<typeof newProjectSchema>;

export function parseNewProject(input: unknown): NewProject {
  return parseInput(newProjectSchema, input, 'project');
}

/** One workflow per project: the client's help+<label>@ label and the project's title, so the same pitch is one. */
export function projectWorkflowId(mailingListLabel: string, title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `project-${mailingListLabel}-${slug || 'untitled'}`;
}

/** An existing client only stands at Blueprint once it agreed to pay for the discovery. */
export function startProject(lead: Lead, project: NewProject, now: Date): LifecycleState {
  const at = now.toISOString();
  const started = startLifecycle({ ...lead, source: 'existing-client' }, now);
  const [arrived] = started.history;
  return {
    ...started,
    stage: 'blueprint',
    history: [
      {
        ...arrived,
        completedBy: project.agreedBy,
        evidence: { project: project.title, from: project.clientWorkflowId },
        note: `${lead.organisation}, an existing client, agreed to a discovery for "${project.title}"; it is not qualified again.`,
      },
      { stage: 'blueprint', enteredAt: at },
    ],
    project: { title: project.title, clientWorkflowId: project.clientWorkflowId },
    clientOwner: project.clientOwner,
    discovery: {
      charge: 'paid-up-front',
      upfrontCharge: true,
      reason: 'An existing client agreed to spend the hours on discovery',
      paymentAgreed: { by: project.agreedBy, at },
      assignTo: project.discoveryBy,
    },
  };
}
