import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forwardedCvMail } from '../../../test/support/forwarded-cv.js';
import { peekShape, readOriginalSender } from './intake-mail.js';

const corpus = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpus', 'mime', 'mail-gem');
const forwarder = { name: 'Rita Recruiter', address: 'rita@acme.com' };
const original = { name: 'Anna Schmidt', address: 'anna.schmidt@example.org' };

describe('who a company inbox mail is from', () => {
  it('is the forwarded block’s From in a forward with the CV attached (Gmail)', async () => {
    const mail = Buffer.from(forwardedCvMail({ forwarder, original, to: 'jobs@acme.com', subject: 'Application' }));
    expect(await readOriginalSender(mail)).toEqual({ ...original, source: 'forwarded-block' });
    expect(peekShape(mail)).toEqual({ attachment: true, attachedMessage: false });
  });

  it('is the From of an attached message (Outlook “forward as attachment”)', async () => {
    const mail = Buffer.from(forwardedCvMail({ forwarder, original, to: 'jobs@acme.com', subject: 'Application', layout: 'attached' }));
    expect(await readOriginalSender(mail)).toEqual({ ...original, source: 'attached-message' });
    expect(peekShape(mail)).toEqual({ attachment: true, attachedMessage: true });
  });

  it('is the mail’s own sender for an applicant who wrote to jobs@ directly', async () => {
    const mail = Buffer.from('From: "Müller, Jörg" <Joerg@Example.DE>\r\nTo: jobs@acme.com\r\nSubject: Bewerbung\r\nContent-Type: text/plain\r\n\r\nAnbei mein Lebenslauf.\r\n');
    expect(await readOriginalSender(mail)).toEqual({ name: 'Jörg Müller', address: 'joerg@example.de', source: 'sender' });
    expect(peekShape(mail)).toEqual({ attachment: false, attachedMessage: false });
  });

  it('reads the forwarded block of real-world mails from the corpus', async () => {
    for (const file of ['attachment_emails/attachment_with_encoded_name.eml', 'mime_emails/raw_email2.eml', 'plain_emails/raw_email8.eml']) {
      const sender = await readOriginalSender(fs.readFileSync(path.join(corpus, file)));
      expect(sender, file).toEqual({ name: 'xxxxx xxxxxx', address: 'xxxxxxxx@xxx.com', source: 'forwarded-block' });
    }
  });

  it('never throws on the corpus’s broken mails: a sender or nothing', async () => {
    const folder = path.join(corpus, 'error_emails');
    for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.eml'))) {
      const sender = await readOriginalSender(fs.readFileSync(path.join(folder, file))).catch((error: unknown) => ({ threw: String(error) }));
      expect(sender === null || 'source' in sender, file).toBe(true);
    }
  });
});
