/**
 * Whether a process with this pid runs now. Signal 0 checks without signalling; EPERM means the pid belongs to
 * another user's process, which runs all the same.
 */
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
