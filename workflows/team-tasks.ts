/**
 * Handbook steps a person must take, as tracker tasks the lifecycle creates when a lead reaches them. Pure builders:
 * the lifecycle keys each one to the engagement, so a retry or a replay never creates it twice.
 */
import type { TaskAssignee, TeamTask } from './activity-interface';
import type { LifecycleState } from './state';

function businessDevelopment(state: LifecycleState): TaskAssignee {
  return state.lead.owner ? { email: state.lead.owner } : { role: 'business-development' };
}

/** 001: a government tender that may not bill discovery needs the Business Development Specialist's assessment. */
export function tenderReviewTask(state: LifecycleState): TeamTask {
  const { organisation } = state.lead;
  return {
    key: 'tender-review',
    summary: `Tender risk review: ${organisation}`,
    description: [
      `${organisation}'s tender law forbids billing the discovery, so we would sink its hours whether or not we win.`,
      'Assess whether the risk of sinking time into this tender is worth the cost before the discovery starts.',
      state.bid?.reason ?? '',
    ].join('\n'),
    assignee: { role: 'business-development' },
    dueInDays: 3,
    estimateHours: 1,
    labels: ['tender-review'],
  };
}

/**
 * 001 and 002's Close stage: business development schedules and attends the kickoff, the Administrative Specialist
 * onboards a new client, and business development posts the initial Client Briefing (000).
 */
export function closeTasks(state: LifecycleState): TeamTask[] {
  const { organisation } = state.lead;
  const newClient = state.clientOwner === undefined;
  const tasks: TeamTask[] = [
    {
      key: 'kickoff',
      summary: `Kickoff meeting: ${organisation}`,
      description: [
        `Schedule and attend the kickoff meeting with ${organisation}'s key stakeholders and the client owner.`,
        'Expect questions on onboarding to tools, communication channels, and who to contact for what.',
      ].join('\n'),
      assignee: businessDevelopment(state),
      dueInDays: 7,
      estimateHours: 2,
      labels: ['kickoff'],
    },
  ];
  if (newClient) {
    tasks.push(
      {
        key: 'onboarding',
        summary: `Onboard new client: ${organisation}`,
        description: `Onboard ${organisation} as a new client: contract, billing details, and access to our tools.`,
        assignee: { role: 'administrative-specialist' },
        dueInDays: 7,
        estimateHours: 2,
        labels: ['onboarding'],
      },
      {
        key: 'client-briefing',
        summary: `Initial client briefing: ${organisation}`,
        description: [
          `Post the initial Client Briefing and Value Proposition for ${organisation} from the templates.`,
          "Log the time to the client's epic.",
        ].join('\n'),
        assignee: businessDevelopment(state),
        dueInDays: 14,
        estimateHours: 1,
        labels: ['client-briefing'],
      },
    );
  }
  return tasks;
}
