import { useEffect, useRef, type ReactNode } from 'react';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, [href]';

interface Props {
  /** Id of the heading that names the dialog. */
  labelledBy: string;
  onClose: () => void;
  className?: string;
  children: ReactNode;
}

/**
 * A modal <dialog> whose open state belongs to React: mounted means open. showModal() makes the rest of
 * the page inert and keeps Tab inside; focus moves to the element marked data-autofocus (else the first
 * control) and goes back to whatever opened the dialog when it unmounts, or to the main pane when that
 * control is gone (the conversation it belonged to may have been left). Escape asks the owner to close,
 * so the owner's state and the screen never disagree, unless something inside already handled it (an open
 * confirmation cancels itself, a search field clears itself): see cancelOnEscape. Handling means
 * preventDefault on the keydown, which also stops Chromium from firing the <dialog>'s cancel event.
 */
export function ModalDialog({ labelledBy, onClose, className = 'dialog', children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? dialog).focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected === true) opener.focus();
      else document.querySelector<HTMLElement>('main')?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={className}
      aria-labelledby={labelledBy}
      aria-modal="true"
      onCancel={(event) => {
        // The browser would close the element behind React's back; the owner unmounts it instead.
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        // A confirmation or a field inside may have used this Escape to cancel itself (cancelOnEscape).
        if (event.key !== 'Escape' || event.defaultPrevented) return;
        event.preventDefault();
        event.stopPropagation();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
