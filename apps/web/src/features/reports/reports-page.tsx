import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useCampaignOptions } from '../../api/campaign-options';
import { useSession } from '../../app/session';
import { formatDuration, formatPercent } from '../../ui/format';
import { Page } from '../../ui/page';
import { Panel } from '../../ui/panel';
import { QueryState } from '../../ui/query-state';
import { TimeChart, TimeChartLine } from '../../ui/time-chart';
import { OutcomeSections, PenetrationSection } from './outcome-sections';
import { chooseDay, dayRange, DEFAULT_DAYS, periodStartSec, rangeInstants } from './report-range';

type KpiReport = components['schemas']['KpiReportDto'];
type KpiRow = components['schemas']['KpiRowDto'];
type AbandonReport = components['schemas']['AbandonWindowReportDto'];
type Grouping = KpiReport['groupBy'];
const GROUPINGS: Grouping[] = ['day', 'hour', 'agent', 'list'];

/** KPI and compliance reports of a campaign: KPIs by period, agent or list, and the abandon window day by day. */
export function ReportsPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaign') ?? '';
  const groupBy = (GROUPINGS as string[]).includes(params.get('groupBy') ?? '') ? (params.get('groupBy') as Grouping) : 'day';
  const [days, setDays] = useState(() => dayRange(new Date(), DEFAULT_DAYS));
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const campaigns = useCampaignOptions(api);
  const range = useMemo(() => rangeInstants(days), [days]);
  const kpis = useQuery({
    queryKey: ['reports', 'kpis', campaignId, groupBy, range, timeZone],
    enabled: campaignId !== '',
    queryFn: () => unwrap(api.GET('/reports/campaigns/{id}/kpis', { params: { path: { id: campaignId }, query: { ...range, groupBy, timeZone } } })),
  });
  const abandons = useQuery({
    queryKey: ['reports', 'abandons', campaignId, range],
    enabled: campaignId !== '',
    queryFn: () => unwrap(api.GET('/reports/campaigns/{id}/abandons', { params: { path: { id: campaignId }, query: range } })),
  });

  return (
    <Page title={t('reports.title')}>
      <form className="rp-filters" aria-label={t('reports.filters')} onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('reports.campaign')}
          <select name="campaign" value={campaignId} onChange={(event) => set('campaign', event.target.value)}>
            <option value="">{t('reports.chooseCampaign')}</option>
            {(campaigns.data ?? []).map((campaign) => (
              <option key={campaign.id} value={campaign.id}>
                {campaign.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.groupBy')}
          <select name="groupBy" value={groupBy} onChange={(event) => set('groupBy', event.target.value)}>
            {GROUPINGS.map((grouping) => (
              <option key={grouping} value={grouping}>
                {t(`reports.groupings.${grouping}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.from')}
          <input type="date" name="from" value={days.from} max={days.to} required onChange={(event) => setDays(chooseDay(days, 'from', event.target.value))} />
        </label>
        <label>
          {t('reports.to')}
          <input type="date" name="to" value={days.to} min={days.from} required onChange={(event) => setDays(chooseDay(days, 'to', event.target.value))} />
        </label>
        <p className="hint">{t('reports.timeZone', { zone: timeZone })}</p>
      </form>
      {campaigns.isSuccess && campaigns.data.length === 0 && <p className="empty">{t('reports.noCampaigns')}</p>}
      {campaignId === '' ? (
        campaigns.isSuccess && campaigns.data.length > 0 && <p className="empty">{t('reports.pickCampaign')}</p>
      ) : (
        <div className="rp-reports">
          <Panel title={t('reports.kpis.title')} id="rp-kpis">
            <QueryState query={kpis} isEmpty={(report) => report.rows.length === 0} empty={t('reports.kpis.empty')}>
              {(report) => <KpiSection report={report} days={days} />}
            </QueryState>
          </Panel>
          <Panel title={t('reports.abandons.title')} id="rp-abandons">
            <QueryState query={abandons}>{(report) => <AbandonSection report={report} />}</QueryState>
          </Panel>
          <PenetrationSection key={campaignId} campaignId={campaignId} />
          <OutcomeSections campaignId={campaignId} range={range} />
        </div>
      )}
    </Page>
  );
}

/** The KPI table's figure columns, in order: the heading (reports.kpis) and what it counts (kpi.formulas, the wording the wallboard's tiles share). */
const KPI_COLUMNS: readonly [label: string, formula: string][] = [
  ['dials', 'dials'],
  ['liveAnswers', 'liveAnswers'],
  ['answerRate', 'answerRate'],
  ['contacts', 'contacts'],
  ['contactRate', 'contactRate'],
  ['successes', 'successes'],
  ['conversionRate', 'conversionRate'],
  ['abandonRate', 'abandonRate'],
  ['speed', 'averageSpeed'],
  ['aht', 'aht'],
  ['occupancy', 'occupancy'],
  ['talkPerHour', 'talkPerHour'],
];

/** A figure's column heading that says what it counts: a tooltip, and the heading's accessible description. */
function FormulaHeading({ label, formula }: { label: string; formula: string }) {
  const formulaId = useId();
  return (
    <th scope="col" className="num" title={formula} aria-describedby={formulaId}>
      {label}
      <span hidden id={formulaId}>
        {formula}
      </span>
    </th>
  );
}

/** The KPI table (and, by day or hour, its chart) of one report; exported for its spec. */
export function KpiSection({ report, days }: { report: KpiReport; days: { from: string; to: string } }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const pct = (value: number | null) => formatPercent(value, locale);
  const num = (value: number) => new Intl.NumberFormat(locale).format(value);
  const seconds = (value: number | null) => (value === null ? '—' : formatDuration(value * 1000));
  const timed = report.groupBy === 'day' || report.groupBy === 'hour';
  const lines = useMemo<TimeChartLine[]>(
    () => [
      { label: t('reports.kpis.dials'), values: report.rows.map((row) => row.dials), color: '#2f6fdb' },
      { label: t('reports.kpis.liveAnswers'), values: report.rows.map((row) => row.liveAnswers), color: '#1f9d55' },
      { label: t('reports.kpis.contacts'), values: report.rows.map((row) => row.contacts), color: '#8a4fd1' },
    ],
    [report, t],
  );
  const x = useMemo(() => report.rows.map((row) => periodStartSec(row.key)), [report]);
  // The whole asked range on the axis, even when calls were made on one day only.
  const xRange: [number, number] = [
    periodStartSec(`${days.from} 00:00:00`) - (report.groupBy === 'day' ? 43_200 : 0),
    periodStartSec(`${days.to} 00:00:00`) + (report.groupBy === 'day' ? 43_200 : 86_400),
  ];
  const label = (row: KpiRow) =>
    report.groupBy === 'day' ? row.key.slice(0, 10) : report.groupBy === 'hour' ? row.key.slice(0, 16) : row.label;
  const keyHeading = report.groupBy === 'agent' ? t('reports.kpis.keyAgent') : report.groupBy === 'list' ? t('reports.kpis.keyList') : t('reports.kpis.key');
  const cells = (row: KpiRow) => (
    <>
      <td className="num">{num(row.dials)}</td>
      <td className="num">{num(row.liveAnswers)}</td>
      <td className="num">{pct(row.answerRate)}</td>
      <td className="num">{num(row.contacts)}</td>
      <td className="num">{pct(row.contactRate)}</td>
      <td className="num">{num(row.successes)}</td>
      <td className="num">{pct(row.conversionRate)}</td>
      <td className="num">{formatPercent(row.abandonRate, locale, 2)}</td>
      <td className="num">{row.averageSpeedToConnectSec === null ? '—' : t('kpi.seconds', { value: row.averageSpeedToConnectSec.toFixed(1) })}</td>
      <td className="num">{seconds(row.averageHandleTimeSec)}</td>
      <td className="num">{pct(row.occupancy)}</td>
      <td className="num">{row.talkMinutesPerAgentHour === null ? '—' : row.talkMinutesPerAgentHour.toFixed(1)}</td>
    </>
  );
  return (
    <>
      {timed && (
        <TimeChart
          title={t('reports.kpis.chart')}
          summary={t('reports.kpis.chartSummary', { dials: report.total.dials, live: report.total.liveAnswers, contacts: report.total.contacts })}
          x={x}
          lines={lines}
          xRange={xRange}
          utc
        />
      )}
      <div className="rp-table">
        <table className="data rp-kpis">
          <thead>
            <tr>
              <th scope="col">{keyHeading}</th>
              {KPI_COLUMNS.map(([label, formula]) => (
                <FormulaHeading key={label} label={t(`reports.kpis.${label}`)} formula={t(`kpi.formulas.${formula}`)} />
              ))}
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{label(row)}</th>
                {cells(row)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="rp-total">
              <th scope="row">{t('reports.kpis.total')}</th>
              {cells(report.total)}
            </tr>
          </tfoot>
        </table>
      </div>
      <details className="hint">
        <summary>{t('reports.kpis.formulas')}</summary>
        <ul className="rp-formulas">
          {KPI_COLUMNS.map(([label, formula]) => (
            <li key={label}>{t(`kpi.formulas.${formula}`)}</li>
          ))}
        </ul>
      </details>
    </>
  );
}

function AbandonSection({ report }: { report: AbandonReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const x = useMemo(() => report.days.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000), [report]);
  const lines = useMemo<TimeChartLine[]>(
    () => [
      { label: t('reports.abandons.rateLine'), values: report.days.map((day) => day.rate), color: '#c0392b' },
      { label: t('reports.abandons.capLine'), values: report.days.map(() => report.capRate), color: '#5b6472', dashed: true },
    ],
    [report, t],
  );
  const max = Math.max(0, ...report.days.map((day) => day.rate));
  const pct = (value: number) => formatPercent(value, locale, 2);
  return (
    <>
      <p className="hint">{t('reports.abandons.window', { hours: report.windowHours, cap: pct(report.capRate) })}</p>
      <TimeChart
        title={t('reports.abandons.chart')}
        summary={t('reports.abandons.chartSummary', { max: pct(max), cap: pct(report.capRate) })}
        x={x}
        lines={lines}
        formatY={pct}
        yRange={[0, Math.max(report.capRate * 1.5, max * 1.2)]}
        utc
      />
      <table className="data rp-abandons">
        <thead>
          <tr>
            <th scope="col">{t('reports.abandons.day')}</th>
            <th scope="col" className="num">{t('reports.abandons.liveAnswers')}</th>
            <th scope="col" className="num">{t('reports.abandons.abandons')}</th>
            <th scope="col" className="num">{t('reports.abandons.rate')}</th>
            <th scope="col">{t('reports.abandons.overCap')}</th>
          </tr>
        </thead>
        <tbody>
          {report.days.map((day) => (
            <tr key={day.day} className={day.overCap ? 'rejected' : undefined}>
              <th scope="row">{day.day}</th>
              <td className="num">{day.liveAnswers}</td>
              <td className="num">{day.abandons}</td>
              <td className="num">{pct(day.rate)}</td>
              <td>{day.overCap ? t('reports.abandons.overCap') : t('reports.abandons.withinCap')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
