export * from './consensus.js';
export * from './settings.js';
export { latestConsensus, consensusHistory, sameConsensus, type StoredConsensus } from './store.js';
