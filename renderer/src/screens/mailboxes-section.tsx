import './mailboxes-section.css';
import type { TFunction } from 'i18next';
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../../shared/assert-never.js';
import type { FolderView, MailboxSummary } from '../../../shared/model.js';
import type { MailboxStatus } from '../../../shared/status.js';
import { EmptyState } from '../components/empty-state.js';
import { Field } from '../components/field.js';
import { ErrorNotice } from '../components/error-notice.js';
import { MailboxIcon } from '../components/icons.js';
import { formatDateTime } from '../format.js';
import { describeMailboxStatus, mailboxStatusActions } from '../i18n/mailbox-status-text.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { useMailboxesStore } from '../stores/lists.js';
import {
  closeConnectForm,
  editSender,
  loadFolders,
  openConnectForm,
  saveSender,
  setFolderScanned,
  syncMailboxNow,
  useMailboxActivityStore,
} from '../stores/mailbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { ConnectMailboxForm } from './connect-mailbox-form.js';
import { MailboxConnectionPanel } from './mailbox-connection-panel.js';
import { SharedMembersPanel } from './shared-inbox.js';
import { MailboxLiveControls } from './mailbox-live-controls.js';
import { MailboxRepairForm } from './mailbox-repair-form.js';
import { MailboxStatusAdvice } from './mailbox-status-advice.js';
import { MailboxOlderMailOffers } from './older-mail-offer.js';

/**
 * Settings › Mailboxes: the connected mailboxes with their status as it changes (R14),
 * "Sync now", the folders Hirebox scans (R9), and "Connect a mailbox" (R11).
 */
export function MailboxesSection() {
  const { t } = useTranslation();
  const mailboxes = useMailboxesStore();
  const formOpen = useMailboxActivityStore((state) => state.connectFormOpen);
  const connectAddress = useMailboxActivityStore((state) => state.connectAddress);
  const justConnected = useMailboxActivityStore((state) => state.justConnected);
  const headingId = useId();
  // The form takes focus when opened here; a link from elsewhere lands on the page's title.
  const [focusForm, setFocusForm] = useState(false);
  const connectButton = useRef<HTMLButtonElement>(null);
  const greeting = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void useMailboxesStore.getState().load();
  }, []);

  useEffect(() => {
    // The greeting belongs to this visit of the page.
    return () => useMailboxActivityStore.setState({ justConnected: null });
  }, []);

  const connected = justConnected === null ? undefined : mailboxes.items.find((mailbox) => mailbox.id === justConnected);
  useEffect(() => {
    // The form that had focus is gone; continue from the words that say what happened.
    if (connected) greeting.current?.focus();
  }, [connected?.id]);

  function open() {
    setFocusForm(true);
    openConnectForm();
  }

  function cancel() {
    closeConnectForm();
    requestAnimationFrame(() => connectButton.current?.focus());
  }

  const ready = mailboxes.status === 'ready';
  const empty = ready && mailboxes.items.length === 0;

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <header className="section-header">
        <h2 id={headingId}>{t('settings.mailboxes.title')}</h2>
        <p>{t('settings.mailboxes.description')}</p>
      </header>
      {connected ? (
        <div ref={greeting} className="notice notice-success mailbox-greeting" role="status" tabIndex={-1}>
          <p>{t(connected.provider === 'microsoft' ? 'settings.mailboxes.justConnectedMicrosoft' : 'settings.mailboxes.justConnected', { address: connected.address })}</p>
        </div>
      ) : null}
      <MailboxOlderMailOffers />
      {mailboxes.status === 'error' && mailboxes.error ? (
        <ErrorNotice error={mailboxes.error} onRetry={() => void mailboxes.load()} />
      ) : !ready ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : empty ? (
        <EmptyState
          icon={<MailboxIcon size={28} />}
          title={t('settings.mailboxes.emptyTitle')}
          action={
            formOpen ? undefined : (
              <button ref={connectButton} type="button" className="button button-primary" onClick={open}>
                {t('settings.mailboxes.connect')}
              </button>
            )
          }
        >
          <p>{t('settings.mailboxes.emptyBody')}</p>
        </EmptyState>
      ) : (
        <>
          {mailboxes.error ? <ErrorNotice error={mailboxes.error} onRetry={() => void mailboxes.refresh()} /> : null}
          <ul className="mailbox-list" aria-label={t('settings.mailboxes.listLabel')}>
            {mailboxes.items.map((mailbox) => (
              <MailboxRow key={mailbox.id} mailbox={mailbox} />
            ))}
          </ul>
          {formOpen ? null : (
            <div className="section-actions">
              <button ref={connectButton} type="button" className="button button-secondary" onClick={open}>
                <span aria-hidden="true">+</span> {t('settings.mailboxes.connectAnother')}
              </button>
            </div>
          )}
        </>
      )}
      {ready && formOpen ? <ConnectMailboxForm key={connectAddress} onCancel={cancel} autoFocus={focusForm} /> : null}
    </section>
  );
}

/** A linked mailbox with its status and actions; an unlinked one (R12) says since when, and that its mail stays. */
function MailboxRow({ mailbox }: { mailbox: MailboxSummary }) {
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
    <li className="mailbox-row mailbox-row-unlinked" aria-labelledby={nameId}>
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
    </li>
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
    <li className="mailbox-row" aria-labelledby={nameId}>
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
    </li>
  );
}

/** The sender name and signature of mail written in Hirebox from this mailbox. */
function SenderPanel({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useMailboxActivityStore((state) => state.senderSaves[mailbox.id]);
  const [displayName, setDisplayName] = useState(mailbox.displayName);
  const [signature, setSignature] = useState(mailbox.signature);
  const nameInput = useRef<HTMLInputElement>(null);
  const signatureInput = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const signatureId = `${id}-signature`;
  const signatureHintId = `${id}-signature-hint`;
  const signatureErrorId = `${id}-signature-error`;

  const saving = save?.saving === true;
  const error = save?.error ?? null;
  const nameChanged = displayName.trim() !== mailbox.displayName;
  const signatureChanged = signature !== mailbox.signature;
  const errorAt = (field: string) => (error?.field === field ? errorText(error, undefined, 'mailboxes:update') : undefined);
  const nameError = errorAt('displayName');
  const signatureError = errorAt('signature');
  const formError = error && nameError === undefined && signatureError === undefined ? error : null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving || !(nameChanged || signatureChanged)) return;
    const saved = await saveSender(mailbox.id, {
      ...(nameChanged ? { displayName } : {}),
      ...(signatureChanged ? { signature } : {}),
    });
    if (saved) {
      setDisplayName((current) => current.trim());
      return;
    }
    const field = useMailboxActivityStore.getState().senderSaves[mailbox.id]?.error?.field;
    if (field === 'displayName') nameInput.current?.focus();
    else if (field === 'signature') signatureInput.current?.focus();
  }

  return (
    <form className="folders sender-form" onSubmit={(event) => void submit(event)} noValidate>
      <Field
        ref={nameInput}
        label={t('settings.mailboxes.senderName')}
        name="displayName"
        autoComplete="off"
        value={displayName}
        error={nameError}
        onChange={(event) => {
          setDisplayName(event.currentTarget.value);
          editSender(mailbox.id, 'displayName');
        }}
      />
      <div className={signatureError ? 'field field-invalid' : 'field'}>
        <label htmlFor={signatureId}>{t('settings.mailboxes.signature')}</label>
        <textarea
          ref={signatureInput}
          id={signatureId}
          name="signature"
          rows={6}
          value={signature}
          aria-invalid={signatureError ? true : undefined}
          aria-describedby={[signatureError ? signatureErrorId : null, signatureHintId].filter(Boolean).join(' ')}
          onChange={(event) => {
            setSignature(event.currentTarget.value);
            editSender(mailbox.id, 'signature');
          }}
        />
        {signatureError ? (
          <p className="field-error" id={signatureErrorId}>
            <span className="field-error-mark" aria-hidden="true">
              !
            </span>
            <span>{signatureError}</span>
          </p>
        ) : null}
        <p className="field-hint" id={signatureHintId}>
          {t('settings.mailboxes.signatureHint')}
        </p>
      </div>
      {formError ? <ErrorNotice error={formError} /> : null}
      <div className="sender-actions">
        <button
          type="submit"
          className="button button-primary button-small"
          disabled={saving || !(nameChanged || signatureChanged)}
          aria-busy={saving || undefined}
        >
          {saving ? t('settings.mailboxes.senderSaving') : t('settings.mailboxes.senderSave')}
        </button>
        <p className="sender-saved" role="status">
          {save?.saved && !(nameChanged || signatureChanged) ? t('settings.mailboxes.senderSaved') : null}
        </p>
      </div>
    </form>
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

function FolderPanel({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const list = useMailboxActivityStore((state) => state.folders[mailbox.id]);
  const rowId = useId();

  if (list === undefined || list.status === 'loading') {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (list.status === 'error' && list.error) {
    return <ErrorNotice error={list.error} onRetry={() => void loadFolders(mailbox.id)} />;
  }
  const folders = sortFolders(list.folders);
  const hasSent = folders.some((folder) => folder.role === 'sent');
  const added = folders.some((folder) => folder.role === 'custom' && folder.scanned);

  return (
    <div className="folders">
      <p className="folders-intro">{t('settings.mailboxes.foldersIntro')}</p>
      {hasSent ? null : <p className="notice notice-warning">{t('settings.mailboxes.noSentFolder')}</p>}
      {list.error ? <ErrorNotice error={list.error} onRetry={() => void loadFolders(mailbox.id)} /> : null}
      <ul className="folder-list" aria-label={t('settings.mailboxes.foldersOf', { address: mailbox.address })}>
        {folders.map((folder) => {
          const reason = folderReason(folder, t);
          const nameId = `${rowId}-${folder.id}-name`;
          const reasonId = `${rowId}-${folder.id}-reason`;
          const failure = list.saveFailure?.folderId === folder.id ? list.saveFailure.error : null;
          const fixed = folder.role !== 'custom';
          return (
            <li key={folder.id} className={fixed ? 'folder folder-fixed' : 'folder'}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={folder.scanned}
                  // Inbox and Sent are always scanned (R9); other folders are the user's choice.
                  disabled={fixed}
                  aria-labelledby={nameId}
                  aria-describedby={reason ? reasonId : undefined}
                  aria-busy={list.saving.includes(folder.id) || undefined}
                  onChange={(event) => void setFolderScanned(mailbox.id, folder.id, event.currentTarget.checked)}
                />
                <span className="check-text">
                  <span className="folder-name" id={nameId}>
                    {folder.name}
                  </span>
                  {reason ? (
                    <span className="check-detail" id={reasonId}>
                      {reason}
                    </span>
                  ) : null}
                </span>
              </label>
              {failure ? (
                <p className="field-error" role="alert">
                  <span className="field-error-mark" aria-hidden="true">
                    !
                  </span>
                  <span>{errorText(failure)}</span>
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {added ? <p className="field-hint">{t('settings.mailboxes.addedFolderHint')}</p> : null}
    </div>
  );
}

/** Inbox first, then Sent, then the rest by name. */
function sortFolders(folders: readonly FolderView[]): FolderView[] {
  const rank = (folder: FolderView) => (folder.role === 'inbox' ? 0 : folder.role === 'sent' ? 1 : 2);
  return [...folders].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** Why a folder is scanned, in words (R9): its role and how it was found. */
function folderReason(folder: FolderView, t: TFunction): string | null {
  switch (folder.role) {
    case 'inbox':
      return t('settings.mailboxes.folderInbox');
    case 'sent':
      switch (folder.roleSource) {
        case 'special-use':
          return t('settings.mailboxes.folderSentSpecialUse');
        case 'name':
          return t('settings.mailboxes.folderSentName');
        case 'provider':
          return t('settings.mailboxes.folderSentProvider');
        default:
          return t('settings.mailboxes.folderSent');
      }
    case 'custom':
      return folder.scanned ? t('settings.mailboxes.folderAdded') : null;
    default:
      return assertNever(folder.role);
  }
}
