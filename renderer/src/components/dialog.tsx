import './dialog.css';
import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { ErrorNotice } from './error-notice.js';

interface DialogProps {
  title: string;
  /** Called for Escape and the close button; not while `busy`. */
  onClose: () => void;
  children: ReactNode;
  /** While an action runs, the dialog cannot be dismissed. */
  busy?: boolean;
  size?: 'small' | 'medium' | 'large';
  /** The id of the element describing the dialog (read out when it opens). */
  describedBy?: string;
  /** An extra class for a dialog shaped on its own (the command palette). */
  className?: string;
}

/**
 * A modal dialog on the browser's own `<dialog>`: it traps focus, closes with Escape, and
 * sits above everything. Focus goes to the element marked `data-autofocus` (or the first
 * field) and back to where it was when the dialog goes.
 */
export function Dialog({ title, onClose, children, busy = false, size = 'medium', describedBy, className }: DialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const busyRef = useRef(busy);
  busyRef.current = busy;

  useEffect(() => {
    const element = dialog.current;
    const returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (element && !element.open) {
      element.showModal();
      // `showModal` focuses the first focusable element, which is the close button; start
      // at the marked element or the first field instead.
      const start =
        element.querySelector<HTMLElement>('[data-autofocus]') ??
        element.querySelector<HTMLElement>('.dialog-body :is(input, select, textarea):not([type="hidden"]):not(:disabled)');
      start?.focus();
    }
    return () => {
      // The element leaves the DOM with the component; only focus needs restoring.
      if (returnFocusTo?.isConnected) returnFocusTo.focus({ preventScroll: true });
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className={className === undefined ? `dialog dialog-${size}` : `dialog dialog-${size} ${className}`}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(event) => {
        // Escape: the parent decides (it unmounts the dialog), so the DOM never closes it alone.
        event.preventDefault();
        if (!busyRef.current) closeRef.current();
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('dialog.close')}
          title={t('dialog.close')}
          disabled={busy}
          onClick={() => closeRef.current()}
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}

interface ConfirmDialogProps {
  title: string;
  /** What will happen, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  /** A red confirm button, for what cannot be undone. */
  danger?: boolean;
  busy: boolean;
  error: WireError | null;
  onConfirm: () => void;
  onCancel: () => void;
  cancelLabel?: string;
}

/** "Are you sure?" with what happens spelled out. Cancel has focus first, so Enter never destroys. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel,
  danger = false,
  busy,
  error,
  onConfirm,
  onCancel,
  cancelLabel,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const bodyId = useId();
  return (
    <Dialog title={title} onClose={onCancel} busy={busy} size="small" describedBy={bodyId}>
      <div id={bodyId} className="confirm-body">
        {children}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy} data-autofocus>
          {cancelLabel ?? t('dialog.cancel')}
        </button>
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button button-primary'}
          onClick={onConfirm}
          disabled={busy}
          aria-busy={busy}
        >
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

/**
 * A `ConfirmDialog` whose confirm runs `action`: busy while it runs, its error shown in the
 * dialog, and `onDone` once it succeeded. Cancel (and Escape) call `onCancel`.
 */
export function ActionDialog<T>({
  action,
  onDone,
  ...dialog
}: Omit<ConfirmDialogProps, 'busy' | 'error' | 'onConfirm'> & {
  action: () => Promise<{ ok: true; value: T } | { ok: false; error: WireError }>;
  onDone: (value: T) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  return (
    <ConfirmDialog
      {...dialog}
      busy={busy}
      error={error}
      onConfirm={async () => {
        setBusy(true);
        setError(null);
        const result = await action();
        setBusy(false);
        if (result.ok) onDone(result.value);
        else setError(result.error);
      }}
    />
  );
}
