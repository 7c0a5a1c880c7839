/**
 * A problem with what the user gave (inputs, flags, report files), not with the product: the message
 * says what to change, so it is shown as it is, without a stack trace.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** Bad input: the message names the input, the value and what was expected. */
export class ConfigError extends UserError {
  override name = 'ConfigError';
}

/** A report file aggregate mode cannot use: the message names the file and what is wrong with it. */
export class ReportMergeError extends UserError {
  override name = 'ReportMergeError';
}

/** Bad command-line flags: the message names the flag, the value and what was expected. */
export class UsageError extends UserError {
  override name = 'UsageError';
}
