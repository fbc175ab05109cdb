export { createOutbox, identityFromClients, DEFAULT_RETRY, type Outbox, type OutboxClient, type OutboxOptions, type ResolveAction, type RetryPolicy } from './outbox';
export { snapshotFrom, snapshotFromTicket, describeChanges, countMatchingComments, TICKET_NOT_VISIBLE, type SnapshotSource, type StaffIdentity } from './ticket-check';
export { fingerprint, plainText, comparableText, isBlank, isEmptyEditor } from './fingerprint';
export { draftAndOutboxMethods, type DraftAndOutboxMethodName } from './service-methods';
