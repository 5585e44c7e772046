/** A feed body that cannot be read as a feed; the message says why, for the operator. */
export class FeedParseError extends Error {
  constructor(message: string, readonly url: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}
