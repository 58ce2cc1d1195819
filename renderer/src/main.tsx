// The global sheet first: every component's own sheet comes after it and may refine it.
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { startI18n } from './i18n/index.js';
import { startLiveUpdates } from './stores/live-updates.js';
import { trackNavigation } from './stores/navigation-store.js';

startI18n();
// Opens the connection (and takes the key out of the address) before routes are read.
startLiveUpdates();
trackNavigation();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
