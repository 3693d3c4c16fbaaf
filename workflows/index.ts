import './zod-settings';
export { customerLifecycle } from './lifecycle';
export { meetingEtiquette } from './meeting';
export { clientStrategyReview } from './strategy';
export { aximReferralReport } from './axim-report';
export { supportRequest } from './support-request';
export { onCallRetro } from './on-call-retro';
export { clientUpdate } from './client-update';
export { clientSprintStatus } from './sprint-status';
