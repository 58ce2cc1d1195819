import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxSummary } from '../../../shared/model.js';
import type { MailboxStatus } from '../../../shared/status.js';
import { CardListItem } from '../components/card-list.js';
import { MailboxIcon } from '../components/icons.js';
import { formatDateTime } from '../format.js';
import { describeMailboxStatus, mailboxStatusActions } from '../i18n/mailbox-status-text.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { loadFolders, openConnectForm, syncMailboxNow, useMailboxActivityStore } from '../stores/mailbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { MailboxConnectionPanel } from './mailbox-connection-panel.js';
import { SharedMembersPanel } from './shared-inbox.js';
import { MailboxLiveControls } from './mailbox-live-controls.js';
import { MailboxRepairForm } from './mailbox-repair-form.js';
import { MailboxStatusAdvice } from './mailbox-status-advice.js';
import { SenderPanel } from './mailbox-sender-panel.js';
import { FolderPanel } from './mailbox-folder-panel.js';

/** A linked mailbox with its status and actions; an unlinked one (R12) says since when, and that its mail stays. */
export function MailboxRow({ mailbox }: { mailbox: MailboxSummary }) {
  return mailbox.unlinkedAt ? <UnlinkedMailboxRow mailbox={mailbox} unlinkedAt={mailbox.unlinkedAt} /> : <LinkedMailboxRow mailbox={mailbox} />;
}

/** The mailbox's icon, name and address line (provider, and for a linked one personal or shared). */
function MailboxIdentity({ mailbox, nameId, withKind }: { mailbox: MailboxSummary; nameId: string; withKind: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="mailbox-icon" aria-hidden="true">
        <MailboxIcon />
      </span>
      <div className="mailbox-text">
        <span className="mailbox-name" id={nameId}>
          {mailbox.displayName || mailbox.address}
          {mailbox.isCompanyInbox === true ? <span className="badge badge-info company-inbox-badge">{t('companyInbox.label')}</span> : null}
        </span>
        <span className="mailbox-meta">
          {mailbox.address} · {t(`provider.${mailbox.provider}`)}
          {withKind ? ` · ${mailbox.kind === 'shared' ? t('settings.mailboxes.shared') : t('settings.mailboxes.personal')}` : null}
        </span>
      </div>
    </>
  );
}

function UnlinkedMailboxRow({ mailbox, unlinkedAt }: { mailbox: MailboxSummary; unlinkedAt: string }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const nameId = `${useId()}-name`;
  return (
    <CardListItem className="mailbox-row mailbox-row-unlinked" aria-labelledby={nameId}>
      <div className="mailbox-main">
        <MailboxIdentity mailbox={mailbox} nameId={nameId} withKind={false} />
        <div className="mailbox-status">
          <span className="status status-paused">{t('disconnect.disconnected')}</span>
          <span className="mailbox-synced">{formatDateTime(unlinkedAt, language)}</span>
        </div>
      </div>
      <div className="mailbox-unlinked-line">
        <p className="card-text">{t('disconnect.mailKept')}</p>
        <button type="button" className="button button-secondary button-small" onClick={() => openConnectForm(mailbox.address)}>
          {t('disconnect.connectAgain')}
          <span className="visually-hidden"> {mailbox.address}</span>
        </button>
      </div>
    </CardListItem>
  );
}

function LinkedMailboxRow({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const language = usePreferencesStore((state) => state.language);
  const request = useMailboxActivityStore((state) => state.syncRequests[mailbox.id]);
  const [foldersOpen, setFoldersOpen] = useState(false);
  const [senderOpen, setSenderOpen] = useState(false);
  // Issue 6: the connection test of this mailbox.
  const [connectionOpen, setConnectionOpen] = useState(false);
  // Issue 21: a shared inbox's list.
  const [peopleOpen, setPeopleOpen] = useState(false);
  const peoplePanelId = `${useId()}-people`;
  const connectionPanelId = `${useId()}-connection`;
  const rowId = useId();
  const nameId = `${rowId}-name`;
  const panelId = `${rowId}-folders`;
  const senderPanelId = `${rowId}-sender`;
  const status = mailbox.status;
  const busy = status.state === 'connecting' || status.state === 'syncing' || request?.pending === true;
  // "Sign-in needed" asks for the new password right here; the form stays after it worked, to say so.
  const [repairing, setRepairing] = useState(status.state === 'auth-required');
  useEffect(() => {
    if (status.state === 'auth-required') setRepairing(true);
  }, [status.state]);

  function toggleFolders() {
    if (!foldersOpen) void loadFolders(mailbox.id);
    setFoldersOpen(!foldersOpen);
  }

  return (
    <CardListItem className="mailbox-row" aria-labelledby={nameId}>
      <div className="mailbox-main">
        <MailboxIdentity mailbox={mailbox} nameId={nameId} withKind />
        <div className="mailbox-status">
          <span className={`status status-${status.state}`}>{describeMailboxStatus(status, t, language)}</span>
          {status.state === 'syncing' ? <SyncProgress status={status} address={mailbox.address} /> : null}
          <span className="mailbox-synced">
            {mailbox.lastSyncedAt
              ? t('settings.mailboxes.lastSynced', { time: formatDateTime(mailbox.lastSyncedAt, language) })
              : t('settings.mailboxes.neverSynced')}
          </span>
          {/* Announces changes of state only; the running count would talk over everything. */}
          <span className="visually-hidden" aria-live="polite">
            {describeMailboxStatus(status.state === 'syncing' ? { ...status, done: 0, total: undefined } : status, t, language)}
          </span>
        </div>
      </div>
      <div className="mailbox-actions">
        <div className="mailbox-buttons">
          <button
            type="button"
            className="button button-secondary button-small"
            // Not `disabled`: a disabled button drops the keyboard focus that pressed it.
            aria-disabled={busy}
            onClick={() => {
              if (!busy) void syncMailboxNow(mailbox.id);
            }}
          >
            {busy ? <span className="spinner spinner-small" aria-hidden="true" /> : null}
            {/* While the engine waits to try again, this is its next try, now. */}
            {mailboxStatusActions(status).includes('retry-now') ? t('mailboxStatus.retryNow') : t('settings.mailboxes.syncNow')}
            <span className="visually-hidden"> {mailbox.address}</span>
          </button>
          <MailboxLiveControls mailbox={mailbox} />
        </div>
        <div className="mailbox-disclosures">
          <button
            type="button"
            className="button button-quiet disclosure"
            aria-expanded={foldersOpen}
            aria-controls={panelId}
            onClick={toggleFolders}
          >
            <span className="disclosure-mark" aria-hidden="true" />
            {t('settings.mailboxes.folders')}
          </button>
          <button
            type="button"
            className="button button-quiet disclosure"
            aria-expanded={senderOpen}
            aria-controls={senderPanelId}
            onClick={() => setSenderOpen(!senderOpen)}
          >
            <span className="disclosure-mark" aria-hidden="true" />
            {t('settings.mailboxes.sender')}
          </button>
          <button
            type="button"
            className="button button-quiet disclosure"
            aria-expanded={connectionOpen}
            aria-controls={connectionPanelId}
            onClick={() => setConnectionOpen(!connectionOpen)}
          >
            <span className="disclosure-mark" aria-hidden="true" />
            {t('connectionTest.panel')}
          </button>
          {mailbox.kind === 'shared' ? (
            <button type="button" className="button button-quiet disclosure" aria-expanded={peopleOpen} aria-controls={peoplePanelId} onClick={() => setPeopleOpen(!peopleOpen)}>
              <span className="disclosure-mark" aria-hidden="true" />
              {t('sharedInbox.panel')}
            </button>
          ) : null}
        </div>
      </div>
      <MailboxStatusAdvice status={status} address={mailbox.address} onOpenConnectionTest={() => setConnectionOpen(true)} />
      {request?.error ? (
        <div className="mailbox-row-notice">
          <p className="field-error" role="alert">
            <span className="field-error-mark" aria-hidden="true">
              !
            </span>
            <span>{errorText(request.error)}</span>
          </p>
        </div>
      ) : null}
      {repairing ? (
        <div className="mailbox-row-notice repair-notice">
          <MailboxRepairForm mailbox={mailbox} mode="password" onDone={() => setRepairing(false)} />
        </div>
      ) : null}
      <div id={panelId} className="folder-panel" hidden={!foldersOpen}>
        {foldersOpen ? <FolderPanel mailbox={mailbox} /> : null}
      </div>
      <div id={senderPanelId} className="folder-panel" hidden={!senderOpen}>
        {senderOpen ? <SenderPanel mailbox={mailbox} /> : null}
      </div>
      <div id={connectionPanelId} className="folder-panel" hidden={!connectionOpen}>
        {connectionOpen ? <MailboxConnectionPanel mailbox={mailbox} /> : null}
      </div>
      {mailbox.kind === 'shared' ? (
        <div id={peoplePanelId} className="folder-panel" hidden={!peopleOpen}>
          {peopleOpen ? <SharedMembersPanel mailbox={mailbox} /> : null}
        </div>
      ) : null}
    </CardListItem>
  );
}

function SyncProgress({ status, address }: { status: Extract<MailboxStatus, { state: 'syncing' }>; address: string }) {
  const { t } = useTranslation();
  const label = t('settings.mailboxes.progressLabel', { address });
  // Without a total the bar runs without a value (indeterminate).
  return status.total !== undefined && status.total > 0 ? (
    <progress className="sync-progress" aria-label={label} value={Math.min(status.done, status.total)} max={status.total} />
  ) : (
    <progress className="sync-progress" aria-label={label} />
  );
}
