import { DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A drop zone that is also a file input, so a keyboard user can choose the
 * file: the zone is the input's label.
 */
export function FileDrop({ accept, onFile, file, disabled }: { accept?: string; onFile: (file: File) => void; file?: File | null; disabled?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped && !disabled) onFile(dropped);
  };
  return (
    <div
      className={`file-drop${over ? ' file-drop-over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <label htmlFor={id}>{file ? t('common.chosenFile', { name: file.name, size: sizeOf(file.size) }) : t('common.dropFile')}</label>
      <input
        id={id}
        type="file"
        accept={accept}
        disabled={disabled}
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          if (chosen) onFile(chosen);
          event.target.value = '';
        }}
      />
    </div>
  );
}
