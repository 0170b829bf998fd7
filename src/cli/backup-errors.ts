// The errors of backup and restore, worded for the operator (reported without a stack trace).

/** A file that is missing, unreadable, not a Parapet backup, damaged, incomplete, or not decryptable. */
export class BackupFileError extends Error {
  override name = 'BackupFileError';
}

/** A backup or restore that cannot be done as asked (the message says why and what to do). */
export class RestoreError extends Error {
  override name = 'RestoreError';
}
