import { useTranslation } from 'react-i18next';
import { ImportPreview, LeadField } from './import-form';
import { previewNoticeText, rejectionLabel } from './preview-notice';

/**
 * The preview's columns, each with a select of the field it maps to (the
 * suggestion preselected and marked), and its first rows as they would be
 * stored: the number and zone a lead would get, or the rejection's reason.
 */
export function ImportPreviewTable({
  preview,
  onMap,
  fields,
  disabled,
}: {
  preview: ImportPreview;
  onMap: (column: string, field: string) => void;
  /** The fields a column may be mapped to; none: no selects (the file's columns are read by name). */
  fields?: readonly LeadField[];
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const fieldName = (field: string) => t(`lists.wizard.fields.${field}`, { defaultValue: field });
  return (
    <div className="lists-preview-scroll">
      <table className="data lists-preview" data-testid="import-preview">
        <caption className="hint">{t('lists.wizard.rowsCaption', { count: preview.rows.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lists.wizard.row')}</th>
            <th scope="col">{t('lists.wizard.outcome')}</th>
            {preview.columns.map((column) => (
              <th scope="col" key={column}>
                <span className="lists-column-name">{column}</span>
                {fields && (
                  <select
                    aria-label={t('lists.wizard.mappingFor', { column })}
                    data-column={column}
                    value={preview.mapping[column] ?? ''}
                    disabled={disabled}
                    onChange={(event) => onMap(column, event.target.value)}
                  >
                    <option value="">{t('lists.wizard.custom')}</option>
                    {fields.map((field) => (
                      <option key={field} value={field}>
                        {fieldName(field)}
                        {preview.suggestedMapping[column] === field ? ` (${t('lists.wizard.suggested')})` : ''}
                      </option>
                    ))}
                  </select>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr key={row.row} className={row.outcome === 'rejected' ? 'rejected' : undefined} data-row={row.row} data-outcome={row.outcome}>
              <td className="num">{row.row}</td>
              <td className="lists-outcome">
                {row.outcome === 'rejected' && row.rejection ? (
                  <span className="lists-rejection" data-code={row.rejection.code} title={row.rejection.message}>
                    {t('lists.wizard.rejectedAs', {
                      code: row.rejection.code,
                      message: row.rejection.message,
                      label: rejectionLabel(t, row.rejection),
                    })}
                  </span>
                ) : row.outcome === 'unmapped' ? (
                  <span className="muted">{t('lists.wizard.unmapped')}</span>
                ) : row.entry ? (
                  <span className="lists-stored" title={t('lists.wizard.stored')}>
                    {row.entry.phone}
                  </span>
                ) : row.lead ? (
                  <>
                    <span>
                      {row.lead.status === 'blocked' && row.lead.blockedReason
                        ? t('lists.wizard.asBlocked', { reason: t(`lists.blockedReason.${row.lead.blockedReason}`) })
                        : t('lists.wizard.asLead')}
                    </span>
                    <br />
                    <span className="lists-stored" title={t('lists.wizard.stored')}>
                      {row.lead.phone}
                    </span>{' '}
                    <span className="muted" title={t('lists.wizard.timezone')}>
                      {row.lead.timezone ?? row.lead.timezoneCandidates.join(', ')}
                    </span>
                    {row.notes?.map((note) => (
                      <span key={note.message} className="hint" data-code={note.code} title={note.message}>
                        <br />
                        {previewNoticeText(t, note)}
                      </span>
                    ))}
                  </>
                ) : null}
              </td>
              {preview.columns.map((column, i) => (
                <td key={column}>{row.cells[i] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
