import type { ActivityDeps } from '../deps';
import { clientCc, sprintStatus, stagingHeadsUp } from '../email/templates';
import { sendOnce } from '../email/send-once';
import { currentSprint, reviewForHeadsUp, sprintStatusSections } from '../../rules/sprint-updates';
import type { ClientUpdateInput, ClientUpdateResult } from '../../workflows/client-update-messages';

type CareDeps = Pick<ActivityDeps, 'mailer' | 'companyDomain' | 'discovery'>;

/** Client mail about the work itself (handbook 003): the sprint's status and staging heads-ups. */
export function createCareActivities(deps: CareDeps) {
  return {
    async sendClientUpdate(request: ClientUpdateInput & { idempotencyKey: string }): Promise<ClientUpdateResult> {
      const now = new Date();
      const cc = clientCc({
        mailingListLabel: request.mailingListLabel,
        companyDomain: deps.companyDomain,
        ...(request.clientOwnerEmail ? { clientOwnerEmail: request.clientOwnerEmail } : {}),
      });
      const addressing = { idempotencyKey: request.idempotencyKey, to: [request.clientEmail], cc, replyTo: request.by };
      if (request.kind === 'sprint-status') {
        // A scheduled status names the sprint its tickets were read for, even when a relay that was down sends it later.
        const sprint = request.sprint ?? currentSprint(deps.discovery.sprint, now);
        const email = sprintStatus({
          clientName: request.clientName,
          organisation: request.organisation,
          sprintStart: sprint.start,
          sprintLastDay: sprint.lastDay,
          sections: sprintStatusSections(request.tickets),
          senderName: request.senderName,
        });
        return { ...(await sendOnce(deps, { ...addressing, email })), sprintStart: sprint.start };
      }
      const reviewOn = reviewForHeadsUp(deps.discovery.sprint, now);
      const email = stagingHeadsUp({
        clientName: request.clientName,
        organisation: request.organisation,
        features: request.features,
        stagingUrl: request.stagingUrl,
        reviewOn,
        senderName: request.senderName,
      });
      return { ...(await sendOnce(deps, { ...addressing, email })), reviewOn };
    },
  };
}
