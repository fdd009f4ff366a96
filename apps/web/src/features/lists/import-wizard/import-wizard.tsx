import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../../ui/error-notice';
import { FileDrop } from '../../../ui/file-drop';
import { useSingleFlightMutation } from '../../../ui/use-single-flight';
import { ENCODINGS, headerLine, ImportChoices, importForm, ImportPreview, ImportView, LeadField, remap } from './import-form';
import { ImportPreviewTable } from './import-preview-table';
import { previewNoticeText, previewProblemText } from './preview-notice';
import { ImportStatus } from './import-status';

export interface ImportWizardProps {
  /** Plain fields sent with the file (a DNC import's country and scope…); undefined ones are left out. */
  fields?: Record<string, string | undefined>;
  /** Reads the start of the file (lead lists); without it the wizard goes from the file straight to the import. */
  preview?: (form: FormData) => Promise<ImportPreview>;
  upload: (form: FormData) => Promise<ImportView>;
  /** The fields a column may be mapped to (all for lead lists, the numbers for DNC and consent files); none: no mapping. */
  mappable?: readonly LeadField[];
  /** False while the fields above the wizard are incomplete: the import button waits. */
  ready?: boolean;
  undoQuestion: string;
  /** Called when an import settles or is undone: refresh what it changed. */
  onChanged?: () => void;
  /** Called when the api has accepted the file and queued its import: a list of imports can show it at once. */
  onStarted?: (view: ImportView) => void;
  /** What the file must hold, under the drop zone. */
  hint?: ReactNode;
}

type Step = 'file' | 'preview' | 'import';

/**
 * Upload in three steps: the file (dropped or chosen) → its preview (detected
 * encoding, delimiter and header; a field per column; the first rows as they
 * would be stored) → the import, followed live to its counts, report and undo.
 * Used by the list page and the DNC and consent import pages.
 */
export function ImportWizard({ fields, preview, upload, mappable, ready = true, undoQuestion, onChanged, onStarted, hint }: ImportWizardProps) {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ file: File; serial: number } | null>(null);
  const [choices, setChoices] = useState<ImportChoices>({});
  const [started, setStarted] = useState<ImportView | null>(null);
  const step: Step = started ? 'import' : file ? 'preview' : 'file';
  // Without a preview the chosen file waits on the first step, its import button beside it.
  const steps: Step[] = preview ? ['file', 'preview', 'import'] : ['file', 'import'];
  // The button pressed (import, choose another file) goes away with its step: focus moves to the heading,
  // which names the new step, instead of falling to the page's top.
  const title = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current !== step && step !== 'preview') title.current?.focus();
    shownStep.current = step;
  }, [step]);

  const previewQuery = useQuery({
    queryKey: ['import-preview', file?.serial, choices, fields],
    queryFn: () => preview!(importForm(file!.file, choices, fields)),
    enabled: Boolean(file && preview),
    retry: false,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const start = useSingleFlightMutation({
    mutationFn: () => upload(importForm(file!.file, choices, fields)),
    onSuccess: (view) => {
      setStarted(view);
      onStarted?.(view);
    },
  });

  const choose = (chosen: File) => {
    setFile({ file: chosen, serial: Date.now() });
    setDetected(null);
    setChoices({});
    setStarted(null);
    start.reset();
  };
  const restart = () => {
    setFile(null);
    setChoices({});
    setStarted(null);
    start.reset();
  };
  const shown = previewQuery.data;
  // What the import would refuse as previewed (no column mapped to phone): fixed here, on the preview, before importing.
  const problems = shown?.problems ?? [];
  const header = headerLine(shown?.header ?? []);
  // What the detection said, kept for the "detected" choice once another encoding is named.
  const [detected, setDetected] = useState<string | null>(null);
  if (shown && !choices.encoding && !previewQuery.isPlaceholderData && shown.encoding !== detected) setDetected(shown.encoding);

  // Offered also when the preview failed: a file whose encoding was misread (Shift_JIS with a stray byte, which
  // looks like windows-1252 but is not) is refused until its encoding is named, so the choice must stay reachable.
  const encodingChoice = (
    <label>
      {t('lists.wizard.encoding')}
      <select name="encoding" value={choices.encoding ?? ''} onChange={(event) => setChoices({ ...choices, encoding: event.target.value || undefined })}>
        <option value="">{t('lists.wizard.encodingAuto', { encoding: detected ? t(`lists.wizard.encodings.${detected}`, { defaultValue: detected }) : '…' })}</option>
        {ENCODINGS.map((encoding) => (
          <option key={encoding} value={encoding}>
            {t(`lists.wizard.encodings.${encoding}`)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="lists-wizard" aria-labelledby="import-wizard-title" data-step={step}>
      <h2 id="import-wizard-title" tabIndex={-1} ref={title}>
        {t('lists.wizard.title')} <span className="muted">— {t('lists.wizard.step', { n: Math.max(1, steps.indexOf(step) + 1), total: steps.length })}</span>
      </h2>
      {/* Numbered in the text, not by list markers: markers of a row of steps sit outside their item, against the previous step's words. */}
      <ol className="lists-steps">
        {steps.map((name, at) => (
          <li key={name} aria-current={name === step ? 'step' : undefined}>
            <span className="lists-step-n">{at + 1}.</span> {t(`lists.wizard.steps.${name}`)}
          </li>
        ))}
      </ol>

      {step !== 'import' && (
        <>
          <FileDrop accept=".csv,.txt,.tsv,text/csv,text/plain" file={file?.file} onFile={choose} disabled={start.isPending} />
          <p className="hint">{hint ?? t('lists.wizard.fileHint')}</p>
        </>
      )}

      {step === 'preview' && preview && (
        <div className="lists-preview-step">
          {previewQuery.isFetching && (
            <p className="muted" role="status">
              {t('lists.wizard.reading')}
            </p>
          )}
          <ErrorNotice error={previewQuery.error} onRetry={() => void previewQuery.refetch()} />
          {(shown || previewQuery.isError || choices.encoding) && (
            <div className="lists-layout row">
              {encodingChoice}
              {shown && (
                <dl className="facts">
                  <div className="fact">
                    <dt>{t('lists.wizard.encoding')}</dt>
                    <dd data-testid="preview-encoding" data-encoding={shown.encoding}>
                      {t(`lists.wizard.encodings.${shown.encoding}`, { defaultValue: shown.encoding })} ({t(`lists.wizard.encodingSource.${shown.encodingSource}`, { defaultValue: shown.encodingSource })})
                    </dd>
                  </div>
                  <div className="fact">
                    <dt>{t('lists.wizard.delimiter')}</dt>
                    <dd data-testid="preview-delimiter">{t(`lists.wizard.delimiters.${shown.delimiter}`, { defaultValue: shown.delimiter })}</dd>
                  </div>
                  <div className="fact">
                    <dt>{t('lists.wizard.header')}</dt>
                    <dd data-testid="preview-header">
                      {shown.hasHeader ? `${t('lists.wizard.hasHeader')}: ${header.names}${header.more > 0 ? ` ${t('lists.wizard.headerMore', { count: header.more })}` : ''}` : t('lists.wizard.noHeader')}
                    </dd>
                  </div>
                </dl>
              )}
            </div>
          )}
          {shown && (
            <>
              {problems.length > 0 && (
                <div className="banner banner-error lists-problems" role="alert" data-testid="preview-problems">
                  <ul>
                    {problems.map((problem) => (
                      <li key={problem.code} data-code={problem.code} title={problem.message}>
                        {previewProblemText(t, problem)}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {mappable && <p className="hint">{t('lists.wizard.mappingHint')}</p>}
              <ImportPreviewTable
                preview={shown}
                fields={mappable}
                disabled={previewQuery.isFetching}
                onMap={(column, field) => setChoices({ ...choices, mapping: remap(shown.mapping, column, field) })}
              />
              {problems.length === 0 && (
                <p data-testid="preview-counts">
                  {t('lists.wizard.sampleCounts', { accepted: shown.counts.accepted, rejected: shown.counts.rejected, duplicates: shown.counts.duplicates })}
                </p>
              )}
              {shown.warnings.length > 0 && (
                <div className="banner banner-warning" role="status">
                  <strong>{t('lists.wizard.warnings')}</strong>
                  <ul>
                    {shown.warnings.map((warning) => (
                      <li key={warning.message} data-code={warning.code} title={warning.message}>
                        {previewNoticeText(t, warning)}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </>
          )}
        </div>
      )}

      {step === 'preview' && (
        <div className="row">
          <button
            type="button"
            className="primary"
            disabled={!ready || start.isPending || (preview !== undefined && (!shown || previewQuery.isFetching || previewQuery.isError || problems.length > 0))}
            onClick={() => start.mutate()}
          >
            {start.isPending ? t('lists.wizard.uploading') : t('lists.wizard.start')}
          </button>
          <button type="button" onClick={restart} disabled={start.isPending}>
            {t('lists.wizard.restart')}
          </button>
        </div>
      )}
      <ErrorNotice error={start.error} />

      {step === 'import' && started && (
        <>
          <ImportStatus id={started.id} initial={started} undoQuestion={undoQuestion} onSettled={onChanged} />
          <button type="button" onClick={restart}>
            {t('lists.wizard.another')}
          </button>
        </>
      )}
    </section>
  );
}
