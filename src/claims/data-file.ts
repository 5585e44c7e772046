// Watches and language packs are data files an operator
// writes: one way to read their text, so a typo is reported the same way,
// naming the file, whichever kind it is.
import { parse as parseYaml } from 'yaml';

/**
 * The value of a data file's text (JSON for a `.json` name, YAML otherwise),
 * or the object as given; `fail` makes the error thrown for text that does
 * not parse, `what` names the kind of file in it ("watch file").
 */
export function parseDataText(textOrObject: string | unknown, file: string, what: string, fail: (message: string) => Error): unknown {
  if (typeof textOrObject !== 'string') return textOrObject;
  try {
    return /\.json$/i.test(file) ? JSON.parse(textOrObject) : parseYaml(textOrObject);
  } catch (err) {
    throw fail(`cannot parse ${what} ${file}: ${(err as Error).message}`);
  }
}
