import { useEffect } from 'react';
import { ConnectionBanner } from './components/connection-banner.js';
import { AppFrame } from './screens/app-frame.js';
import { FirstRunScreen } from './screens/first-run-screen.js';
import { FailedScreen, LinkScreen, SplashScreen } from './screens/status-screens.js';
import { useConnectionStore } from './stores/connection-store.js';
import { useSessionStore } from './stores/session-store.js';

/** Picks the screen: expired link, loading, first run, or the app. */
export function App() {
  const connection = useConnectionStore((store) => store.state);
  const { phase, error, load } = useSessionStore();

  useEffect(() => {
    void useSessionStore.getState().load();
  }, []);

  if (connection.kind === 'link-expired' || connection.kind === 'link-missing') {
    return <LinkScreen kind={connection.kind} />;
  }
  return (
    <>
      <ConnectionBanner />
      {phase === 'loading' ? (
        <SplashScreen connecting={connection.kind !== 'ready'} />
      ) : phase === 'failed' && error ? (
        <FailedScreen error={error} onRetry={() => void load()} />
      ) : phase === 'setup' ? (
        <FirstRunScreen />
      ) : (
        <AppFrame />
      )}
    </>
  );
}
