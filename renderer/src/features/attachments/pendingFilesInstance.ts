import { openPendingFiles } from './pendingFiles.ts';

/** The app's one store of files waiting in the outbox. */
export const pendingFiles = openPendingFiles();
