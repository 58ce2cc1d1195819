// The local Gmail API and Google OAuth server; see docs/providers.md "Gmail".
export { startGmailApi, headerFields, type DeliverOptions, type GmailApiServer, type InjectedFault } from './gmail-api-server.js';
