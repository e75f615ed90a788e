import { useEffect, useState } from 'react';
import { baseUrl, session } from '../../app/services.ts';
import { fetchAttachment } from './attachmentTransfer.ts';

export const transferContext = { baseUrl, accessToken: () => session.accessToken() };

/**
 * A blob: URL of an attachment's bytes (or thumbnail), fetched with the access token; revoked when the
 * component goes. `failed` when the server refused or the network failed.
 */
export function useAttachmentUrl(attachmentId: string, variant: 'file' | 'thumbnail', enabled = true) {
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    if (!enabled) return;
    let url: string | null = null;
    let live = true;
    fetchAttachment(transferContext, attachmentId, variant).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        if (live) setState({ url, failed: false });
        else URL.revokeObjectURL(url);
      },
      () => {
        if (live) setState({ url: null, failed: true });
      },
    );
    return () => {
      live = false;
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [attachmentId, variant, enabled]);
  return state;
}

/** Saves an attachment under its name: fetched with the token, then handed to the browser as a download. */
export async function downloadAttachment(attachmentId: string, fileName: string): Promise<void> {
  const blob = await fetchAttachment(transferContext, attachmentId, 'file');
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}
