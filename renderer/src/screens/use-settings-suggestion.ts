import { useEffect, useRef, useState } from 'react';
import type { SuggestedSettings } from '../../../shared/model.js';
import { withSuggestion, type MailboxFormValues } from '../forms/mailbox-settings.js';
import { suggestSettings, useMailboxActivityStore } from '../stores/mailbox-store.js';
import type { ConnectRoute } from './use-connect-mailbox.js';

/** How long the address rests before its settings are looked up. */
const suggestDelayMs = 400;
/** An address with a domain worth asking about. */
const addressWithDomain = /^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$/;

interface SettingsSuggestionProps {
  /** The address as it stands in the form. */
  address: string;
  setValues: (update: (current: MailboxFormValues) => MailboxFormValues) => void;
  setRoute: (route: ConnectRoute) => void;
}

/**
 * Settings suggested for the typed address (R11): asked for once the address rests, filled
 * into the fields the user left alone. An address the engine knows as Gmail or Google
 * Workspace (`signIn: 'gmail'`) switches the form to the Google sign-in, one it knows as
 * Outlook.com or Microsoft 365 (`signIn: 'microsoft'`, by the domain's MX) to the Microsoft
 * sign-in — unless the person chose the password route for that address.
 */
export function useSettingsSuggestion({ address, setValues, setRoute }: SettingsSuggestionProps) {
  const [suggestion, setSuggestion] = useState<{ address: string; settings: SuggestedSettings } | null>(null);
  const typedAddress = useRef('');
  const askedAddress = useRef('');
  const suggestTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The address for which the person chose the password route over the provider's sign-in.
  const declinedSignInFor = useRef<string | null>(null);

  useEffect(() => () => clearTimeout(suggestTimer.current), []);

  useEffect(() => {
    const prefilled = useMailboxActivityStore.getState().connectAddress;
    if (prefilled === '') return;
    typedAddress.current = prefilled;
    askForSettings(prefilled);
  }, []);

  /** Asks the engine for the address's settings; an answer for an address changed since is dropped. */
  function askForSettings(typed: string) {
    clearTimeout(suggestTimer.current);
    const trimmed = typed.trim();
    if (trimmed === askedAddress.current) return;
    askedAddress.current = trimmed;
    if (!addressWithDomain.test(trimmed)) return;
    void suggestSettings(trimmed).then((settings) => {
      if (settings === null || typedAddress.current.trim() !== trimmed) return;
      setSuggestion({ address: trimmed, settings });
      if (settings.signIn !== undefined && declinedSignInFor.current !== trimmed.toLowerCase()) setRoute(settings.signIn === 'gmail' ? 'google' : 'microsoft');
      setValues((current) => (current.address.trim() === trimmed ? withSuggestion(current, settings) : current));
    });
  }

  /** The address changed: its settings are asked for once it rests. */
  function addressTyped(typed: string) {
    typedAddress.current = typed;
    clearTimeout(suggestTimer.current);
    suggestTimer.current = setTimeout(() => askForSettings(typed), suggestDelayMs);
  }

  /** Choosing the password route keeps this address from being switched to its sign-in again. */
  function routeChosen(route: ConnectRoute, typed: string) {
    declinedSignInFor.current = route === 'imap' ? typed.trim().toLowerCase() : null;
  }

  return {
    askForSettings,
    addressTyped,
    routeChosen,
    /** The settings suggested for exactly this address, if any. */
    suggested: suggestion !== null && suggestion.address === address.trim() ? suggestion.settings : null,
  };
}
