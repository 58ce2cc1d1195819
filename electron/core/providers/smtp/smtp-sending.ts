import { withoutBcc } from '../../domain/header-fields.js';
import type { OutgoingMessage, SendHooks, SendResult } from '../mail-provider.js';
import { SmtpSendFailure } from './smtp-errors.js';
import type { SmtpTransport } from './smtp-transport.js';

/**
 * `MailProvider.send` over SMTP: one transaction whose envelope (RFC 5321 §3.3) names every
 * recipient, Bcc included, while the content goes without its Bcc field (RFC 5322 §3.6.3).
 * What the transport reports is turned into the provider-neutral {@link SendResult}.
 */
export async function sendBySmtp(transport: SmtpTransport, message: OutgoingMessage, hooks: SendHooks = {}): Promise<SendResult> {
  try {
    const result = await transport.send({ from: message.from, to: [...message.recipients] }, withoutBcc(message.raw), hooks.onSendStart === undefined ? {} : { onDataStart: hooks.onSendStart });
    return { outcome: 'accepted', refused: result.refused };
  } catch (error) {
    if (!(error instanceof SmtpSendFailure)) throw error;
    if (error.outcome === 'unknown') return { outcome: 'unknown', reason: error.reason };
    return { outcome: 'not-sent', failure: error.kind === 'auth-refused' ? 'auth' : error.kind, reason: error.reason };
  }
}
