export type UnreadableReason = 'no article' | 'too short' | 'dom error' | 'time limit';

/**
 * The page is not an article we can read. The pipeline records such a page
 * as unreadable instead of retrying it: reading it again would end the same way.
 */
export class UnreadableError extends Error {
  readonly reason: UnreadableReason;

  constructor(reason: UnreadableReason, message: string) {
    super(message);
    this.name = 'UnreadableError';
    this.reason = reason;
  }
}
