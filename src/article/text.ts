// Readability's textContent runs paragraphs together ("…end.Next…"); claims
// point into the stored text and people read it, so the text is rebuilt from
// the article's block structure instead.
import { createHash } from 'node:crypto';

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'hr', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);
// Not reading matter: controls, embedded media fallbacks, and what Readability
// sometimes leaves in from the page's chrome.
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'button', 'input', 'select', 'option',
  'textarea', 'iframe', 'object', 'embed', 'video', 'audio', 'canvas', 'map', 'head', 'title',
]);
const CELLS = new Set(['td', 'th']);

export interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
  getElementsByTagName?(name: string): ArrayLike<DomNode>;
}

// Class and id words of the page furniture that Readability leaves inside an
// article: captions and credits, share bars, bylines and datelines, related
// links, sign-up boxes. Matched as whole words of a class or id.
const FURNITURE =
  /(?:^|[-_\s])(?:captions?|credits?|share|sharing|social|byline|dateline|timestamp|related|promo|newsletter|subscribe|signup|breadcrumbs?|tags|advert|sponsored|toolbar)(?:[-_\s]|$)/i;
// Furniture is small; a long block with such a class is the article itself misnamed.
const MAX_FURNITURE_LENGTH = 400;

function textLength(el: DomNode): number {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

function linkTextLength(el: DomNode): number {
  const links = el.getElementsByTagName?.('a') ?? [];
  let n = 0;
  for (let i = 0; i < links.length; i++) n += textLength(links[i]);
  return n;
}

/** Parts of an article's content that are not its story. */
export function isFurniture(el: DomNode): boolean {
  const name = el.nodeName.toLowerCase();
  if (name === 'figcaption') return true;
  const words = `${el.getAttribute?.('class') ?? ''} ${el.getAttribute?.('id') ?? ''}`;
  if (FURNITURE.test(words) && textLength(el) <= MAX_FURNITURE_LENGTH) return true;
  // A list of links inside an article is navigation or "read more", not text.
  if (name === 'ul' || name === 'ol') {
    const length = textLength(el);
    if (length > 0 && linkTextLength(el) / length > 0.8) return true;
  }
  return false;
}

// Every kind of horizontal space, including the no-break and thin spaces pages
// use between figures ("25 000"), becomes one plain space.
const SPACE = /[^\S\n]+/g;

/**
 * Plain text of an element: one paragraph per block, separated by "\n\n",
 * a <br> kept as "\n", whitespace inside a paragraph collapsed.
 */
export function blockText(root: DomNode, skip: (el: DomNode) => boolean = () => false): string {
  const paragraphs: string[] = [];
  let buffer = '';
  let preDepth = 0;

  const flush = () => {
    if (!buffer) return;
    // Two <br> in a row are how many pages separate paragraphs.
    for (const part of buffer.split(/\n[^\S\n]*\n/)) {
      const lines = part.split('\n').map((l) => l.replace(SPACE, ' ').trim()).filter(Boolean);
      if (lines.length) paragraphs.push(lines.join('\n'));
    }
    buffer = '';
  };

  // An explicit stack: article markup can nest deeper than the call stack allows.
  type Step = { node: DomNode; exit: boolean };
  const stack: Step[] = [{ node: root, exit: false }];
  while (stack.length) {
    const { node, exit } = stack.pop()!;
    if (node.nodeType === 3) {
      const value = node.nodeValue ?? '';
      // Line breaks count inside <pre> only; elsewhere they are spacing in the source.
      buffer += preDepth > 0 ? value.replace(/\r\n?/g, '\n') : value.replace(/\s+/g, ' ');
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    const name = node.nodeName.toLowerCase();
    if (exit) {
      if (name === 'pre') preDepth--;
      if (BLOCKS.has(name)) flush();
      else if (CELLS.has(name)) buffer += ' ';
      continue;
    }
    if (node.nodeType === 1) {
      if (SKIP.has(name) || skip(node)) continue;
      if (name === 'br') { buffer += '\n'; continue; }
      if (name === 'img') continue;
      if (BLOCKS.has(name)) flush();
      if (name === 'pre') preDepth++;
    }
    stack.push({ node, exit: true });
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], exit: false });
  }
  flush();
  return paragraphs.join('\n\n');
}

/**
 * The form of a text that its hash is taken of: the same story with other
 * quote marks, dashes, spacing, ligatures or letter case comes out the same.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    // Soft hyphens, zero-width spaces and joiners are invisible in the story.
    .replace(/\p{Cf}/gu, '')
    // Apostrophes join words ("don't"); other punctuation separates them.
    .replace(/['\u2018\u2019\u02bc`\u00b4]/g, '')
    .replace(/\p{P}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The exact-duplicate key: sha256 (hex) of the normalised text. */
export function textHash(text: string): string {
  return createHash('sha256').update(normalizeText(text)).digest('hex');
}

/** A plain-text article's title: its first line, as a person saving a story to a file writes it. */
export function plainTextTitle(text: string): string | null {
  return text.trimStart().split('\n', 1)[0].trim().slice(0, 300) || null;
}
