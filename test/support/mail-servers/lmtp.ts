import nodemailer from 'nodemailer';
import type { Dovecot } from './dovecot.js';

export interface LmtpDelivery {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO): Dovecot user names. */
  to: string[];
  raw: Buffer | string;
}

/** What Dovecot's LMTP answered for each recipient (RFC 2033 §4.2: one reply per recipient). */
export interface LmtpOutcome {
  accepted: string[];
  refused: { recipient: string; response: string }[];
}

/**
 * Delivers one message through Dovecot's LMTP listener, as an MTA does: it lands in each
 * recipient's INBOX now, with Delivered-To and Received headers of Dovecot's own. Throws
 * when any recipient is refused; `tryDeliverByLmtp` returns the per-recipient outcome instead.
 */
export async function deliverByLmtp(dovecot: Dovecot, delivery: LmtpDelivery): Promise<void> {
  const outcome = await tryDeliverByLmtp(dovecot, delivery);
  if (outcome.refused.length > 0) {
    throw new Error(`LMTP refused ${outcome.refused.map((refusal) => `${refusal.recipient} (${refusal.response})`).join(', ')}`);
  }
}

/** Like `deliverByLmtp`, but reports refused recipients instead of throwing; throws only when the LMTP session itself fails. */
export async function tryDeliverByLmtp(dovecot: Dovecot, delivery: LmtpDelivery): Promise<LmtpOutcome> {
  const transport = nodemailer.createTransport({ host: dovecot.host, port: dovecot.lmtpPort, lmtp: true, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope: { from: delivery.from, to: delivery.to }, raw: delivery.raw });
    const responses = new Map((info.rejectedErrors ?? []).map((error) => [String(error.recipient ?? ''), error.response ?? error.message]));
    return {
      accepted: info.accepted.map(String),
      refused: info.rejected.map((recipient) => ({ recipient: String(recipient), response: responses.get(String(recipient)) ?? 'refused' })),
    };
  } catch (error) {
    // nodemailer rejects the whole send when RCPT TO failed for every recipient.
    const failure = error as { code?: string; rejected?: string[]; rejectedErrors?: { recipient?: string; response?: string; message: string }[] };
    if (failure.code === 'EENVELOPE' && failure.rejected && failure.rejected.length === delivery.to.length) {
      const responses = new Map((failure.rejectedErrors ?? []).map((refusal) => [String(refusal.recipient ?? ''), refusal.response ?? refusal.message]));
      return { accepted: [], refused: failure.rejected.map((recipient) => ({ recipient, response: responses.get(recipient) ?? 'refused' })) };
    }
    throw error;
  } finally {
    transport.close();
  }
}
