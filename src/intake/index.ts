// What the rest of Parapet uses of the report intake's anti-abuse layer (the report service calls
// admitSubmission and, when settings.proofOfWork, verifySolution inside its transaction).
export { admitSubmission, type RetryDetails } from './admission.ts';
export { DEFAULT_INTAKE_SETTINGS, type IntakeSettings, type AttachmentType } from './intake-settings.ts';
export { attachmentMediaType, checkReportLimits, textLengthErrors, attachmentErrors, type AttachmentInput } from './limits.ts';
export { issueChallenge, verifySolution, type Challenge, type ProofOfWorkSolution } from './proof-of-work.ts';
export { ProofOfWorkSchema } from './schemas.ts';
