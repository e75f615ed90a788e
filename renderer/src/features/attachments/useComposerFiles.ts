import { useState, type ClipboardEvent, type DragEvent } from 'react';
import {
  addDraftFiles,
  pasteOverflows,
  textAsFile,
  type DraftFile,
  type DraftProblem,
} from './draftFiles.ts';

const fromFiles = (files: Iterable<File>): DraftFile[] =>
  [...files].map((file) => ({ file, fileName: file.name || 'file', voice: false }));

/**
 * The composer's files: chosen with the attach button, pasted, dropped, or recorded; and a long pasted text,
 * held until the writer says whether it goes as a file.
 */
export function useComposerFiles(currentText: () => string) {
  const [draft, setDraft] = useState<DraftFile[]>([]);
  const [problem, setProblem] = useState<DraftProblem | null>(null);
  const [longPaste, setLongPaste] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  const add = (added: DraftFile[]) => {
    setDraft((current) => {
      const result = addDraftFiles(current, added);
      setProblem(result.problem);
      return result.draft;
    });
  };

  return {
    draft,
    problem,
    longPaste,
    dragging,
    add,
    addFiles: (files: Iterable<File>) => {
      add(fromFiles(files));
    },
    remove: (index: number) => {
      setDraft((current) => current.filter((_, at) => at !== index));
      setProblem(null);
    },
    clear: () => {
      setDraft([]);
      setProblem(null);
    },
    /** The long paste goes as a .txt file (true) or is left to the writer to shorten (false). */
    settleLongPaste: (asFile: boolean): string | null => {
      const text = longPaste;
      setLongPaste(null);
      if (text !== null && asFile) add([textAsFile(text)]);
      return asFile ? null : text;
    },
    onPaste: (event: ClipboardEvent) => {
      const files = event.clipboardData.files;
      if (files.length > 0) {
        event.preventDefault();
        add(fromFiles(files));
        return;
      }
      const text = event.clipboardData.getData('text/plain');
      if (pasteOverflows(currentText(), text)) {
        event.preventDefault();
        setLongPaste(text);
      }
    },
    dropProps: {
      onDragOver: (event: DragEvent) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      },
      onDragLeave: () => {
        setDragging(false);
      },
      onDrop: (event: DragEvent) => {
        setDragging(false);
        if (event.dataTransfer.files.length === 0) return;
        event.preventDefault();
        add(fromFiles(event.dataTransfer.files));
      },
    },
  };
}

export type ComposerFiles = ReturnType<typeof useComposerFiles>;
