// The error catalog's table, shared by the server and the web UI: every error a client can see has a stable id,
// an HTTP status and a message for a person. The server throws AppError (src/errors/catalog.ts) with these ids;
// the web types ApiError.id with ErrorId. Pure data, no imports.

export const ERRORS = {
  validation: { status: 400, message: 'Some of the input is not valid.' },
  malformed_json: { status: 400, message: 'The request body is not valid JSON.' },
  body_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'The request body has a content type this endpoint does not accept.' },
  unauthenticated: { status: 401, message: 'You need to sign in first.' },
  sign_in_failed: { status: 401, message: 'Sign-in failed: the username or password is wrong.' },
  forbidden_edit: { status: 403, message: 'You may read this but not change it.' },
  forbidden_publish: { status: 403, message: 'You may not change whether this is published.' },
  forbidden_admin: { status: 403, message: 'Only administrators may do this.' },
  reauthentication_required: {
    status: 403,
    message: 'Confirm your password first: this change needs a sign-in within the last 10 minutes.',
  },
  password_change_required: { status: 403, message: 'Choose a new password first: the one you signed in with was for one use only.' },
  mfa_enrollment_required: {
    status: 403,
    message: 'Set up a second factor first: administrators require it for staff accounts and for everyone who reads non-public reports.',
  },
  https_required: { status: 403, message: 'This Parapet requires HTTPS; send the request over https://.' },
  staff_only: { status: 403, message: 'This is part of the staff console, which your account or network may not use.' },
  token_scope: { status: 403, message: 'This API token does not have the scope for this request.' },
  mfa_failed: { status: 401, message: 'The code is not valid. Use the current code from your authenticator app, or a recovery code.' },
  csrf_origin: { status: 403, message: 'The request did not come from this site (Origin header missing or foreign).' },
  not_found: { status: 404, message: 'Not found.' },
  route_not_found: { status: 404, message: 'There is no such endpoint.' },
  method_not_allowed: { status: 405, message: 'This method is not allowed here.' },
  conflict: { status: 409, message: 'This conflicts with the current state.' },
  name_taken: { status: 409, message: 'That name is already in use.' },
  group_cycle: { status: 409, message: 'This would make a group a member of itself.' },
  group_in_use: { status: 409, message: 'The group is still in use.' },
  builtin_group: { status: 409, message: 'Built-in groups cannot be changed this way.' },
  managed_group: { status: 409, message: 'This group is managed by Parapet and cannot be changed by hand.' },
  product_in_use: { status: 409, message: 'Reports name this product, so it cannot be deleted.' },
  default_product: { status: 409, message: 'The default product cannot be deleted.' },
  illegal_transition: { status: 409, message: 'The report cannot move to that state from where it is.' },
  confirmation_required: {
    status: 409,
    message: 'This needs an explicit confirmation: send it again with the confirmation the error names.',
  },
  forbidden_triage: { status: 403, message: "Only the report's security team may do this." },
  forbidden_reporter: { status: 403, message: 'Only the reporters of this report may do this.' },
  reporter_not_removable: { status: 409, message: 'The reporter stays on their own report: the team cannot remove them.' },
  report_finished: { status: 409, message: 'The report is finished: the reporter side can no longer add to it this way.' },
  attachment_refused: { status: 415, message: 'This kind of file cannot be attached.' },
  forbidden_team: { status: 403, message: "Only members of a product's security team (and administrators) may do this." },
  rate_limited: { status: 429, message: 'Too many requests; try again later.' },
  proof_of_work_required: {
    status: 400,
    message: 'Solve a proof-of-work challenge first (GET /api/intake/challenge) and send it as proofOfWork.',
  },
  proof_of_work_failed: { status: 403, message: 'The proof-of-work solution was not accepted; request a new challenge.' },
  unavailable: { status: 503, message: 'The service is not ready.' },
  internal: { status: 500, message: 'Something went wrong on our side. The request id identifies it in the logs.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorId = keyof typeof ERRORS;

export interface FieldError {
  field: string;
  message: string;
}
