/**
 * Sync and notifications: pollers per helpdesk, change detection on the activity feed and the
 * new-ticket queue, notification decisions, counts. See createSyncEngine and the wiring notes
 * in the module's report.
 */
export { createSyncEngine, DEFAULT_LIMITS } from './engine';
export { systemClock, scaledClock, type SyncClock } from './clock';
export { backoffDelay, describeDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
export { decide, candidatesOf, kindEnabled, GROUP_THRESHOLD, type Candidate, type Decision, type DecisionInput, type TicketActivity, type VanishedTicket } from './decide';
export { alignFeed, feedKey, toFeedItem, toWindow, type FeedAlignment, type FeedItem, type WindowEntry } from './feed';
export { diffNewQueue, type NewQueueDiff, type NewQueueState } from './new-queue';
export { MineList, mineEntryOf, type MineEntry, type MineCounts, type TicketFlags } from './mine';
export { registrySource, type RegistryLike } from './registry-source';
export { FEEDS, loadMarks, serializeMarks, type WatermarkStore, type SyncMarks } from './persist';
export { excerpt, plainText, truncate, decodeEntities } from './text';
export type {
  PollNowOptions,
  SettingsSource,
  SyncClient,
  SyncConnectivity,
  SyncCounts,
  SyncEngine,
  SyncEngineOptions,
  SyncIdentity,
  SyncLimits,
  SyncSource,
  SyncState,
  SyncTarget,
  TicketChangeDetail,
} from './types';
