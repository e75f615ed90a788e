import { useRef, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import type { DraftFile } from './draftFiles.ts';

/** Records a voice message with the microphone (MediaRecorder) and hands it over as a file to attach. */
export function VoiceRecorder({ onRecorded }: { onRecorded: (file: DraftFile) => void }) {
  const t = useT();
  const recorder = useRef<MediaRecorder | null>(null);
  const [recording, setRecording] = useState(false);
  if (typeof MediaRecorder === 'undefined') return null;

  const start = async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const chunks: Blob[] = [];
    const media = new MediaRecorder(stream);
    media.ondataavailable = (event) => {
      chunks.push(event.data);
    };
    media.onstop = () => {
      for (const track of stream.getTracks()) track.stop();
      const type = media.mimeType || 'audio/webm';
      const extension = type.includes('ogg') ? 'ogg' : 'webm';
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      onRecorded({
        file: new Blob(chunks, { type }),
        fileName: `${t('attach.voiceName')} ${stamp}.${extension}`,
        voice: true,
      });
      setRecording(false);
    };
    recorder.current = media;
    media.start();
    setRecording(true);
  };

  return (
    <button
      type="button"
      className={`icon-button${recording ? ' recording' : ''}`}
      aria-pressed={recording}
      aria-label={recording ? t('attach.stopRecording') : t('attach.record')}
      title={recording ? t('attach.stopRecording') : t('attach.record')}
      onClick={() => {
        if (recording) recorder.current?.stop();
        else
          void start().catch(() => {
            setRecording(false);
          });
      }}
    >
      {recording ? '⏹' : '🎤'}
    </button>
  );
}
