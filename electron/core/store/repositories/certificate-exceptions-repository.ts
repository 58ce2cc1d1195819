import type { CertificateException } from '../../../../shared/model.js';
import type { Database } from '../database.js';

interface ExceptionRow {
  host: string;
  port: number;
  fingerprint_sha256: string;
  certificate_pem: string;
}

/** Certificates users trusted by hand, per mailbox and server (migration 4, DESIGN.md "TLS"). */
export class CertificateExceptionsRepository {
  readonly #list;
  readonly #save;

  constructor(db: Database) {
    this.#list = db.prepare<[string], ExceptionRow>(
      'SELECT host, port, fingerprint_sha256, certificate_pem FROM certificate_exceptions WHERE mailbox_id = ? ORDER BY host, port',
    );
    this.#save = db.prepare<[string, string, number, string, string, string]>(
      `INSERT INTO certificate_exceptions (mailbox_id, host, port, fingerprint_sha256, certificate_pem, confirmed_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (mailbox_id, host, port) DO UPDATE SET
         fingerprint_sha256 = excluded.fingerprint_sha256, certificate_pem = excluded.certificate_pem, confirmed_at = excluded.confirmed_at`,
    );
  }

  /** The mailbox's exceptions (none for most). */
  list(mailboxId: string): CertificateException[] {
    return this.#list.all(mailboxId).map((row) => ({ host: row.host, port: row.port, fingerprint256: row.fingerprint_sha256, pem: row.certificate_pem }));
  }

  /** Trusts one certificate for one server of the mailbox, replacing an earlier one for that server. The caller checked it. */
  save(mailboxId: string, exception: CertificateException, confirmedAt: string): void {
    this.#save.run(mailboxId, exception.host.trim().toLowerCase(), exception.port, exception.fingerprint256, exception.pem, confirmedAt);
  }
}
