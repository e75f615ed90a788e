import { useState } from 'react';
import type { AttachmentDto } from '../../../../contract/attachments.ts';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { useT } from '../../i18n/useT.ts';
import { formatSize } from './draftFiles.ts';
import { downloadAttachment, useAttachmentUrl } from './useAttachmentUrl.ts';

/** A message's files in its bubble: thumbnails of images (opening the viewer), players for voice, cards for files. */
export function MessageAttachments({ attachments }: { attachments: readonly AttachmentDto[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments">
      {attachments.map((attachment) => (
        <li key={attachment.id}>
          {attachment.kind === 'image' ? (
            <ImagePreview attachment={attachment} />
          ) : attachment.kind === 'audio' ? (
            <VoicePlayer attachment={attachment} />
          ) : (
            <FileCard attachment={attachment} />
          )}
        </li>
      ))}
    </ul>
  );
}

function ImagePreview({ attachment }: { attachment: AttachmentDto }) {
  const t = useT();
  const [viewing, setViewing] = useState(false);
  const thumbnail = useAttachmentUrl(attachment.id, attachment.hasThumbnail ? 'thumbnail' : 'file');
  if (thumbnail.failed) return <FileCard attachment={attachment} />;
  return (
    <>
      <button
        type="button"
        className="attachment-thumbnail"
        aria-label={t('attach.open', { name: attachment.fileName })}
        onClick={() => {
          setViewing(true);
        }}
      >
        {thumbnail.url !== null && (
          <img
            src={thumbnail.url}
            alt={attachment.fileName}
            width={attachment.width ?? undefined}
            height={attachment.height ?? undefined}
          />
        )}
      </button>
      {viewing && (
        <ImageViewer
          attachment={attachment}
          onClose={() => {
            setViewing(false);
          }}
        />
      )}
    </>
  );
}

/** The whole image, over the conversation, with its download. */
function ImageViewer({ attachment, onClose }: { attachment: AttachmentDto; onClose: () => void }) {
  const t = useT();
  const full = useAttachmentUrl(attachment.id, 'file');
  const titleId = `viewer-${attachment.id}`;
  return (
    <ModalDialog labelledBy={titleId} onClose={onClose} className="dialog image-viewer">
      <h2 id={titleId} className="visually-hidden">
        {t('attach.viewer', { name: attachment.fileName })}
      </h2>
      {full.url !== null && <img src={full.url} alt={attachment.fileName} />}
      <div className="row">
        <DownloadButton attachment={attachment} />
        <button type="button" onClick={onClose} data-autofocus>
          {t('attach.close')}
        </button>
      </div>
    </ModalDialog>
  );
}

function VoicePlayer({ attachment }: { attachment: AttachmentDto }) {
  const t = useT();
  const audio = useAttachmentUrl(attachment.id, 'file');
  if (audio.failed) return <FileCard attachment={attachment} />;
  return (
    <audio
      className="attachment-audio"
      controls
      preload="metadata"
      src={audio.url ?? undefined}
      aria-label={t('attach.voiceName')}
    />
  );
}

function FileCard({ attachment }: { attachment: AttachmentDto }) {
  return (
    <div className="attachment-file">
      <span aria-hidden="true">📄</span>
      <span className="attachment-name">{attachment.fileName}</span>
      <small>{formatSize(attachment.sizeBytes)}</small>
      <DownloadButton attachment={attachment} />
    </div>
  );
}

function DownloadButton({ attachment }: { attachment: AttachmentDto }) {
  const t = useT();
  const [failed, setFailed] = useState(false);
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={t('attach.download', { name: attachment.fileName })}
      title={failed ? t('attach.unavailable') : t('attach.download', { name: attachment.fileName })}
      onClick={() => {
        downloadAttachment(attachment.id, attachment.fileName).catch(() => {
          setFailed(true);
        });
      }}
    >
      {failed ? '⚠' : '⬇'}
    </button>
  );
}
