import type { DeskScreenPop } from '@dialer/desk-events';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatMoney } from '../../ui/format';
import { CalleeLocalTime } from './callee-local-time';
import { useScreenPopPainted } from './screen-pop-timing';


/** The callee on screen: who, where and when they are, the script, their history, the survey, what they owe. */
export function ScreenPop({ pop }: { pop: DeskScreenPop }) {
  const { t, i18n } = useTranslation();
  const { lead } = pop;
  const custom = Object.entries(lead.custom).filter(([key]) => !['full_name', 'name_kana', 'amount_due', 'due_date'].includes(key));
  const name = lead.custom.full_name ?? ([lead.lastName, lead.firstName].filter(Boolean).join(' ') || lead.phone);
  const amountDue = Number(lead.custom.amount_due);
  useScreenPopPainted(pop.attemptId);
  return (
    <div className="screen-pop" data-testid="screen-pop" data-attempt={pop.attemptId}>
      <div className="callee">
        <h3 className="callee-name" data-testid="callee-name">
          {name}
          {lead.custom.name_kana && <small className="kana"> （{lead.custom.name_kana}）</small>}
        </h3>
        <dl className="facts">
          <dt>{t('desk.pop.phone')}</dt>
          <dd data-testid="callee-phone">{lead.phone}</dd>
          <dt>{t('desk.pop.localTime')}</dt>
          <dd data-testid="callee-local-time">{pop.localTime ? <CalleeLocalTime zone={pop.localTime.zone} /> : '—'}</dd>
          <dt>{t('desk.pop.campaign')}</dt>
          <dd>{pop.campaign.name}</dd>
          {lead.email && (
            <>
              <dt>{t('desk.pop.email')}</dt>
              <dd>{lead.email}</dd>
            </>
          )}
          {lead.externalId && (
            <>
              <dt>{t('desk.pop.externalId')}</dt>
              <dd>{lead.externalId}</dd>
            </>
          )}
          {lead.region && (
            <>
              <dt>{t('desk.pop.region')}</dt>
              <dd>{lead.region}</dd>
            </>
          )}
          {lead.postalCode && (
            <>
              <dt>{t('desk.pop.postalCode')}</dt>
              <dd>{lead.postalCode}</dd>
            </>
          )}
          {pop.campaign.kind === 'collections' && lead.custom.amount_due && (
            <>
              <dt>{t('desk.pop.amountDue')}</dt>
              <dd data-testid="amount-due">
                {Number.isFinite(amountDue) ? formatMoney(amountDue, lead.custom.currency ?? 'USD', i18n.language) : lead.custom.amount_due}
              </dd>
            </>
          )}
          {pop.campaign.kind === 'collections' && lead.custom.due_date && (
            <>
              <dt>{t('desk.pop.dueDate')}</dt>
              <dd data-testid="due-date">{lead.custom.due_date}</dd>
            </>
          )}
        </dl>
        {custom.length > 0 && (
          <details open>
            <summary>{t('desk.pop.custom')}</summary>
            <dl className="facts">
              {custom.map(([key, value]) => (
                <div key={key} className="fact">
                  <dt>{key}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </div>
      <section aria-labelledby="script-title">
        <h3 id="script-title">{t('desk.pop.script')}</h3>
        <p className="script" data-testid="script">
          {pop.script || '—'}
        </p>
      </section>
      {pop.survey && (
        <section aria-labelledby="survey-title">
          <h3 id="survey-title">{t('desk.pop.survey')}</h3>
          <ol>
            {pop.survey.map((question) => (
              <li key={question.id}>
                {question.prompt} <small>({question.answers.join(' / ')})</small>
              </li>
            ))}
          </ol>
        </section>
      )}
      <section aria-labelledby="history-title">
        <h3 id="history-title">{t('desk.pop.history')}</h3>
        {pop.history.length === 0 ? (
          <p className="muted">{t('desk.pop.noHistory')}</p>
        ) : (
          <ul className="history" data-testid="history">
            {pop.history.map((h) => (
              <li key={h.at}>
                {formatDateTime(h.at, i18n.language)} · {h.disposition ?? h.outcome ?? '—'}
                {h.agentName ? ` · ${h.agentName}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
