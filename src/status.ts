/** A target's verdict, and what the overall run reaches: the one list, in order of severity. */
export const STATUSES = ['up', 'degraded', 'down'] as const;
export type Status = (typeof STATUSES)[number];

/** The status at which the step fails; `never` keeps it green whatever happens. */
export const FAIL_ON = ['degraded', 'down', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** 0 for up, 1 for degraded, 2 for down. */
export function severity(status: Status): number {
  return STATUSES.indexOf(status);
}

/** Most severe first: the order the summary and the issue list targets and counts in. */
export const STATUSES_WORST_FIRST: readonly Status[] = [...STATUSES].reverse();

export function worstStatus(statuses: readonly Status[]): Status {
  return statuses.reduce<Status>((worst, s) => (severity(s) > severity(worst) ? s : worst), 'up');
}

/** Whether the overall status reaches `fail-on`. */
export function reachesFailOn(status: Status, failOn: FailOn): boolean {
  return failOn !== 'never' && severity(status) >= severity(failOn);
}
