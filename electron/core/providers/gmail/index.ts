export { createGmailProvider, type GmailProviderOptions, type GmailSettings } from './gmail-provider.js';
export { gmailScopes, refreshGmailCredential, revokeGmailCredential, startGoogleSignIn, type GmailOAuthConfig, type GoogleSignIn } from './gmail-oauth.js';
export { translateGmailError } from './gmail-errors.js';
export { checkGmail, createGmailSignIn, gmailOAuthConfigOf, type GoogleClientConfig } from './gmail-sign-in.js';
