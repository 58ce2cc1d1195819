import { useCandidateProfileStore } from './candidate-profile-store.js';
import { useJobDetailStore } from './job-detail-store.js';

/** Loads the shown candidate profile and job page again (after a dropped connection). */
export function reloadShownDetails(): void {
  void useCandidateProfileStore.getState().reload();
  void useJobDetailStore.getState().reload();
}
