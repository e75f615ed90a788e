import type { OutboxEntry } from '../chat/outbox.ts';
import { useT } from '../../i18n/useT.ts';
import { cancelUpload, useUploadProgress } from './outboxAttachments.ts';
import { formatSize } from './draftFiles.ts';

/** The files of a message not sent yet: their names, the upload's progress, and a way to stop it. */
export function PendingAttachments({ entry, onCancel }: { entry: OutboxEntry; onCancel: () => void }) {
  const t = useT();
  const progress = useUploadProgress((s) => s.progress[entry.clientMessageId]);
  const attachments = entry.attachments ?? [];
  if (attachments.length === 0) return null;
  return (
    <div className="pending-attachments">
      <ul className="attachments">
        {attachments.map((attachment) => (
          <li key={attachment.position} className="attachment-file">
            <span aria-hidden="true">{attachment.voice ? '🎤' : '📄'}</span>
            <span className="attachment-name">{attachment.fileName}</span>
            <small>{formatSize(attachment.sizeBytes)}</small>
          </li>
        ))}
      </ul>
      {progress !== undefined && (
        <progress
          max={1}
          value={progress}
          aria-label={t('attach.uploading', { percent: Math.round(progress * 100) })}
        />
      )}
      {entry.state === 'queued' && (
        <button
          type="button"
          className="danger"
          onClick={() => {
            cancelUpload(entry.clientMessageId);
            onCancel();
          }}
        >
          {t('attach.cancel')}
        </button>
      )}
    </div>
  );
}
