import { ENV_MAP, makeConfig } from './config.js';

/** The settings as a Markdown table: variable, config file path, default. */
export function configTable(): string {
  const defaults = makeConfig({}) as unknown as Record<string, unknown>;
  const get = (path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], defaults);
  const rows = Object.entries(ENV_MAP).map(([env, path]) => {
    let value = get(path);
    if (env === 'DATA_DIR') value = './data';
    const shown = value === undefined ? '—'
      : Array.isArray(value) ? (value.length ? `\`${value.join(',')}\`` : '(none)')
        : `\`${String(value)}\``;
    return `| \`${env}\` | \`${path}\` | ${shown} |`;
  });
  return ['| variable | config file path | default |', '| --- | --- | --- |', ...rows].join('\n');
}
