// Claims: the figures an article reports, tagged in the claim schema against a watch.
export { extractClaims, type ExtractedClaim, type ExtractOptions, type ExtractResult, type Qualifier, type Scope, type Status } from './extract.js';
export { detectLanguage } from './language.js';
export { sourceKeyOf } from './sources.js';
export { loadWatches, loadWatchFile, parseWatch, watchSchema, WatchError, SHIPPED_WATCH_DIR, type Watch, type WatchMeasure, type WatchSource } from './watch.js';
