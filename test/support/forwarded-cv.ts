import { randomUUID } from 'node:crypto';

/** A small PDF-looking CV (content only matters as bytes that come back whole). */
export function cvBytes(name: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% CV of ${name}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
}

export interface ForwardedCvInput {
  /** The colleague who forwards it. */
  forwarder: { name: string; address: string };
  /** The applicant. */
  original: { name: string; address: string };
  to: string;
  subject: string;
  messageId?: string;
  /** `gmail`: a forwarded block in the text and the CV attached; `attached`: the original mail attached as message/rfc822 (Outlook), with the CV inside it. */
  layout?: 'gmail' | 'attached';
  cvFileName?: string;
  date?: Date;
}

/** A colleague's forward of an application with a CV to the company inbox, as a mail client writes it. */
export function forwardedCvMail(input: ForwardedCvInput): string {
  const boundary = `b-${randomUUID()}`;
  const date = (input.date ?? new Date()).toUTCString().replace('GMT', '+0000');
  const cv = input.cvFileName ?? 'CV.pdf';
  const head = [
    `From: ${input.forwarder.name} <${input.forwarder.address}>`,
    `To: ${input.to}`,
    `Subject: Fwd: ${input.subject}`,
    `Date: ${date}`,
    `Message-ID: <${input.messageId ?? `${randomUUID()}@acme.test`}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ].join('\r\n');
  const cvPart = (inner: string) =>
    [`--${inner}`, `Content-Type: application/pdf; name="${cv}"`, `Content-Disposition: attachment; filename="${cv}"`, 'Content-Transfer-Encoding: base64', '', cvBytes(input.original.name).toString('base64')].join('\r\n');
  if ((input.layout ?? 'gmail') === 'gmail') {
    const text = [
      'Hi team, a good one for the backend job.',
      '',
      '---------- Forwarded message ---------',
      `From: ${input.original.name} <${input.original.address}>`,
      `Date: ${date}`,
      `Subject: ${input.subject}`,
      `To: <${input.forwarder.address}>`,
      '',
      'Dear team, please find my CV attached.',
    ].join('\r\n');
    return [head, '', `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', '', text, cvPart(boundary), `--${boundary}--`, ''].join('\r\n');
  }
  const innerBoundary = `i-${randomUUID()}`;
  const attached = [
    `From: ${input.original.name} <${input.original.address}>`,
    `To: ${input.forwarder.address}`,
    `Subject: ${input.subject}`,
    `Date: ${date}`,
    `Message-ID: <${randomUUID()}@example.org>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${innerBoundary}"`,
    '',
    `--${innerBoundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Dear team, please find my CV attached.',
    cvPart(innerBoundary),
    `--${innerBoundary}--`,
  ].join('\r\n');
  return [
    head,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See the attached mail.',
    `--${boundary}`,
    `Content-Type: message/rfc822; name="${input.subject}.eml"`,
    `Content-Disposition: attachment; filename="${input.subject}.eml"`,
    '',
    attached,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
