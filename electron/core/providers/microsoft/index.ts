export { isMicrosoftTenant, microsoftScopes, refreshMicrosoftCredential, signOutMicrosoft, startMicrosoftSignIn, type MicrosoftOAuthConfig, type MicrosoftSignIn, type MicrosoftTenant } from './microsoft-oauth.js';
export { sealedCacheFile, sealedCachePlugin, type SealedCacheStore } from './sealed-token-cache.js';
export { translateGraphError, translateMsalError } from './microsoft-errors.js';
export { createMicrosoftProvider, type MicrosoftProviderOptions, type MicrosoftSettings } from './microsoft-provider.js';
export { checkMicrosoft, createMicrosoftSignIn, defaultMicrosoftTenant, microsoftOAuthConfigOf, type MicrosoftClientConfig, type MicrosoftTokenCache } from './microsoft-sign-in.js';
