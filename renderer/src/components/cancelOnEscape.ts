import type { KeyboardEvent } from 'react';

/**
 * A keydown handler for something nested in a ModalDialog (a confirmation, a field) that Escape should
 * undo by itself: it handles Escape and marks it handled, so the dialog stays open (ModalDialog ignores
 * a handled Escape, and a prevented keydown does not become the <dialog>'s native cancel either).
 * `cancel` returns false when it had nothing to undo: Escape then goes on and closes the dialog.
 */
export function cancelOnEscape(cancel: () => boolean) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    if (!cancel()) return;
    event.preventDefault();
  };
}
