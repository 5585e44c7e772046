// A page's readable text for the extractor, as `extract` and `watches try` read
// local HTML files: Readability's article, one paragraph per line, the headline apart.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, td, th, figcaption, dt, dd';

/** The readable text of a page, one paragraph per line, with its title and declared language. */
export function htmlToText(html: string): { title: string | null; text: string; lang: string | null } {
  const { document } = parseHTML(html);
  const lang = document.documentElement?.getAttribute('lang') || null;
  const pageTitle = document.querySelector('title')?.textContent?.trim() || null;
  let title = pageTitle;
  let root: ParentNode | null = null;
  try {
    // Readability changes the document it reads: give it its own copy.
    const article = new Readability(parseHTML(html).document as unknown as Document).parse();
    if (article?.content) {
      root = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body;
      title = article.title?.trim() || pageTitle;
    }
  } catch {
    root = null;
  }
  root ??= document.body;
  if (!root) return { title, text: '', lang };
  const blocks = [...root.querySelectorAll(BLOCKS)]
    .filter((el) => !el.querySelector(BLOCKS))
    .map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  // The headline is given apart, as the pipeline gives it: the extractor reads it as the article's first line.
  const text = blocks.length ? blocks.join('\n') : (root.textContent ?? '').replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
  return { title, text, lang };
}
