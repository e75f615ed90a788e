import { app } from 'electron';

/**
 * One app per user: a second launch hands its arguments (a deep link among them) to the first and quits.
 * Returns false in the second instance, which must then exit without opening anything.
 */
export function claimSingleInstance(onSecondLaunch: (argv: readonly string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv) => {
    onSecondLaunch(argv);
  });
  return true;
}
