// The real mail servers the integration tests run against; see docs/testing.md "Mail servers".
export { startDovecot, defaultMailUsers, type Dovecot, type DovecotOptions, type MailUser } from './dovecot.js';
export { defaultMailboxes, dovecotDefaultCapabilities, renderDovecotConfig, type DovecotConfigInput, type MailboxDefinition } from './dovecot-config.js';
export { writeMaildirMessages, maildirFolderOf, type MaildirMessage } from './maildir.js';
export { deliverByLmtp, tryDeliverByLmtp, type LmtpDelivery, type LmtpOutcome } from './lmtp.js';
export { startSmtpServer, type ReceivedMail, type SmtpServer, type SmtpServerOptions } from './smtp-server.js';
export { startTcpProxy, type ProxyFault, type TcpProxy } from './tcp-proxy.js';
export { createTestCa, type IssueOptions, type TestCa, type TestCertificate } from './test-ca.js';
export { startStartTlsStripper, type StartTlsStripper } from './starttls-stripper.js';
export { connectImap } from './imap-client.js';
export { buildMessage, type AddressInput, type MessageInput } from './build-message.js';
