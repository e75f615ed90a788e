import type { StackStatus } from '../contract/desktop-bridge.ts';
import { START_SCRIPT_PATH } from './app-files.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** How far along each starting step is (Docker mode's engine and containers come before the local children). */
const STARTING_PROGRESS: Record<Extract<StackStatus, { state: 'starting' }>['step'], number> = {
  engine: 0.1,
  containers: 0.2,
  translator: 0.4,
  server: 0.7,
};

/** What the start screen says for each state of the local stack (English: the client's languages load later). */
export function describeStackStatus(status: StackStatus): {
  heading: string;
  detail: string;
  progress: number;
} {
  switch (status.state) {
    case 'starting':
      return {
        heading: 'Starting Meeshy…',
        detail: status.detail,
        progress: STARTING_PROGRESS[status.step],
      };
    case 'restarting':
      return {
        heading: `The ${status.service} stopped; restarting it…`,
        detail: `Attempt ${status.attempt}`,
        progress: 0.5,
      };
    case 'failed':
      return { heading: 'Meeshy could not start', detail: status.reason, progress: 0 };
    case 'ready':
      return { heading: 'Ready', detail: status.url, progress: 1 };
    case 'stopped':
      return { heading: 'Meeshy is stopped', detail: 'Start it again from the Server screen', progress: 0 };
    case 'not-used':
      return { heading: 'Connecting…', detail: '', progress: 1 };
  }
}

/**
 * The start screen: shown while the local stack starts, and when it failed (why, where the log is, and a
 * retry button wired by the start script through the bridge). Every text is escaped: a failure reason
 * carries a child's output, which is not ours to trust as markup. `offerLocalMode` (Docker mode) adds a way
 * out when Docker cannot serve: back to the server inside the app.
 */
export function startPageHtml(status: StackStatus, options: { offerLocalMode: boolean }): string {
  const { heading, detail, progress } = describeStackStatus(status);
  const failed = status.state === 'failed';
  const log = failed ? `<p>The log is in <code>${escapeHtml(status.logFile)}</code></p>` : '';
  const retry = failed ? '<button id="retry" type="button">Retry</button>' : '';
  const local =
    failed && options.offerLocalMode
      ? ' <button id="local" type="button">Use the server inside the app instead</button>'
      : '';
  const bar = failed ? '' : `<progress max="1" value="${progress}"></progress>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Meeshy</title>
<script src="${START_SCRIPT_PATH}" defer></script>
<style>body{font-family:system-ui,sans-serif;margin:15vh auto;max-width:40rem;padding:0 1rem}pre{white-space:pre-wrap;max-height:40vh;overflow:auto}</style>
</head><body>
<h1 role="status">${escapeHtml(heading)}</h1>
${bar}
<pre>${escapeHtml(detail)}</pre>
${log}
${retry}${local}
</body></html>`;
}

/** The start screen's script: the retry and local-mode buttons, and a reload whenever the stack's state changes. */
export const START_SCRIPT = `
const bridge = window.meeshyDesktop;
document.getElementById('retry')?.addEventListener('click', () => { void bridge.retryStack(); });
document.getElementById('local')?.addEventListener('click', () => { void bridge.setServerMode({ kind: 'local' }); });
bridge.on('stack-status', () => { location.reload(); });
`;
