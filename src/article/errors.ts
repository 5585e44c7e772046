export type UnreadableReason = 'no article' | 'too short' | 'dom error' | 'time limit' | 'not html';

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

/**
 * Why a response of this Content-Type is no page to read, or null when it may
 * be one (HTML, XHTML, XML, plain text, or no type or a generic one, which
 * many servers send with HTML). A PDF or an image gets this instead of
 * whatever Readability would make of its bytes.
 */
export function notAnHtmlPage(contentType: string | null | undefined): string | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!type || type === 'application/octet-stream' || type === 'binary/octet-stream') return null;
  if (/^(image|audio|video|font|model)\//.test(type)) return `not an HTML page (${type})`;
  if (type === 'text/html' || type === 'text/plain' || type === 'application/xhtml+xml' || type.endsWith('/xml') || type.endsWith('+xml')) return null;
  return `not an HTML page (${type})`;
}
