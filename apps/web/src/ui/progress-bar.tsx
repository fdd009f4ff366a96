import { useTranslation } from 'react-i18next';

/** Progress of a long job (an import, an export) as a bar with its figure, announced to screen readers. */
export function ProgressBar({ value, max = 1, label }: { value: number; max?: number; label: string }) {
  const { t } = useTranslation();
  const percent = max > 0 ? Math.min(100, Math.max(0, Math.floor((value / max) * 100))) : 0;
  return (
    <div className="progress">
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="progress-track">
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress-figure">{t('common.progress', { percent })}</span>
    </div>
  );
}
