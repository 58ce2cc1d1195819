import * as initial from './001-initial.js';
import * as searchSecureDelete from './002-search-secure-delete.js';
import * as sync from './003-sync.js';
import * as certificateExceptions from './004-certificate-exceptions.js';
import * as outbox from './005-outbox.js';
import * as sendLater from './006-send-later.js';
import * as searchAttachmentNames from './007-search-attachment-names.js';
import * as draftsComposer from './008-drafts-composer.js';
import * as newMailNotifications from './009-new-mail-notifications.js';
import * as threadTeam from './010-thread-team.js';
import * as privacy from './011-privacy.js';
import * as searchCandidateMail from './012-search-candidate-mail.js';
import * as sampleData from './013-sample-data.js';
import * as threadAggregates from './014-thread-aggregates.js';

/** One schema step: `sql` runs in its own transaction, which then sets `user_version`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, oldest first; versions are 1, 2, 3, ... without gaps. */
export const migrations: readonly Migration[] = [
  { version: initial.version, name: 'initial', sql: initial.sql },
  { version: searchSecureDelete.version, name: 'search-secure-delete', sql: searchSecureDelete.sql },
  { version: sync.version, name: 'sync', sql: sync.sql },
  { version: certificateExceptions.version, name: 'certificate-exceptions', sql: certificateExceptions.sql },
  { version: outbox.version, name: 'outbox', sql: outbox.sql },
  { version: sendLater.version, name: 'send-later', sql: sendLater.sql },
  { version: searchAttachmentNames.version, name: 'search-attachment-names', sql: searchAttachmentNames.sql },
  { version: draftsComposer.version, name: 'drafts-composer', sql: draftsComposer.sql },
  { version: newMailNotifications.version, name: 'new-mail-notifications', sql: newMailNotifications.sql },
  { version: threadTeam.version, name: 'thread-team', sql: threadTeam.sql },
  { version: privacy.version, name: 'privacy', sql: privacy.sql },
  { version: searchCandidateMail.version, name: 'search-candidate-mail', sql: searchCandidateMail.sql },
  { version: sampleData.version, name: 'sample-data', sql: sampleData.sql },
  { version: threadAggregates.version, name: 'thread-aggregates', sql: threadAggregates.sql },
];

/** The schema version this build writes; a database above it was written by a newer Hirebox. */
export const newestSchemaVersion: number = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
