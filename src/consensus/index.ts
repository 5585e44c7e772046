export * from './consensus.js';
export * from './settings.js';
export * from './history.js';
export { latestConsensus, consensusHistory, sameConsensus, type StoredConsensus } from './store.js';
