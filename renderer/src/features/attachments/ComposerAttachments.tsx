import { useRef } from 'react';
import { LIMITS } from '../../../../contract/limits.ts';
import { useT } from '../../i18n/useT.ts';
import { formatSize } from './draftFiles.ts';
import type { ComposerFiles } from './useComposerFiles.ts';
import { VoiceRecorder } from './VoiceRecorder.tsx';

/** The attach and record buttons of the composer row. */
export function AttachButtons({ files }: { files: ComposerFiles }) {
  const t = useT();
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(event) => {
          files.addFiles(event.target.files ?? []);
          event.target.value = '';
        }}
      />
      <button
        type="button"
        className="icon-button"
        aria-label={t('attach.add')}
        title={t('attach.add')}
        onClick={() => picker.current?.click()}
      >
        📎
      </button>
      <VoiceRecorder
        onRecorded={(file) => {
          files.add([file]);
        }}
      />
    </>
  );
}

/** The files about to be sent, the offer to send a long paste as a file, and what was refused. */
export function DraftAttachments({
  files,
  onPasteAnyway,
}: {
  files: ComposerFiles;
  onPasteAnyway: (text: string) => void;
}) {
  const t = useT();
  return (
    <>
      {files.dragging && <p className="composer-drop">{t('attach.dropHere')}</p>}
      {files.longPaste !== null && (
        <div className="composer-offer" role="alert">
          <span>{t('attach.longPaste', { count: LIMITS.messageMaxLength })}</span>
          <button type="button" className="primary" onClick={() => files.settleLongPaste(true)}>
            {t('attach.asFile')}
          </button>
          <button
            type="button"
            onClick={() => {
              const text = files.settleLongPaste(false);
              if (text !== null) onPasteAnyway(text);
            }}
          >
            {t('attach.pasteAnyway')}
          </button>
        </div>
      )}
      {files.problem !== null && (
        <p className="composer-problem" role="alert">
          {files.problem.kind === 'tooMany'
            ? t('attach.tooMany', { count: LIMITS.attachmentsPerMessageMax })
            : t('attach.tooLarge', {
                name: files.problem.fileName,
                size: formatSize(LIMITS.attachmentMaxBytes),
              })}
        </p>
      )}
      {files.draft.length > 0 && (
        <ul className="draft-files" aria-label={t('attach.add')}>
          {files.draft.map((draft, index) => (
            <li key={`${draft.fileName}-${index}`} className="draft-file">
              <span>
                {draft.voice ? '🎤' : '📄'} {draft.fileName} <small>{formatSize(draft.file.size)}</small>
              </span>
              <button
                type="button"
                className="icon-button"
                aria-label={t('attach.remove', { name: draft.fileName })}
                onClick={() => {
                  files.remove(index);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
