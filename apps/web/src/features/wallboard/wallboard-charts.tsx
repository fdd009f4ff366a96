import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { TimeChart, TimeChartLine } from '../../ui/time-chart';
import { AbandonSample, FLOOR_STATES, MinuteSeries, percent } from './wallboard-figures';

const COLORS = { dials: '#2f6fdb', liveAnswers: '#1f9d55', connects: '#8a4fd1', abandon: '#c0392b', cap: '#5b6472', occupancy: '#d98a00' };
const STATE_COLORS: Record<(typeof FLOOR_STATES)[number], string> = {
  on_call: '#1f9d55',
  wrap_up: '#8a4fd1',
  reserved: '#2f6fdb',
  ready: '#0a8a8a',
  paused: '#d98a00',
};

/** The wallboard's four charts: abandon rate against the cap, calls per minute, occupancy, agents by state. */
export function WallboardCharts({ minutes, abandon }: { minutes: MinuteSeries; abandon: AbandonSample[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const pct = (value: number) => percent(value, locale, 1);
  const latest = (lines: TimeChartLine[], format: (value: number) => string) => {
    const parts = lines
      .map((line) => ({ label: line.label, value: line.values[line.values.length - 1] }))
      .filter((part) => part.value !== null && part.value !== undefined)
      .map((part) => `${part.label} ${format(part.value as number)}`);
    return parts.length > 0 ? t('wallboard.charts.latest', { values: parts.join(', ') }) : t('wallboard.charts.noData');
  };

  const abandonLines = useMemo<TimeChartLine[]>(
    () => [
      { label: t('wallboard.charts.abandonLine'), values: abandon.map((sample) => sample.rate), color: COLORS.abandon },
      { label: t('wallboard.charts.capLine'), values: abandon.map((sample) => sample.cap), color: COLORS.cap, dashed: true },
    ],
    [abandon, t],
  );
  const abandonX = useMemo(() => abandon.map((sample) => sample.atSec), [abandon]);
  const callLines = useMemo<TimeChartLine[]>(
    () => [
      { label: t('wallboard.charts.dials'), values: minutes.dials, color: COLORS.dials },
      { label: t('wallboard.charts.liveAnswers'), values: minutes.liveAnswers, color: COLORS.liveAnswers },
      { label: t('wallboard.charts.connects'), values: minutes.connects, color: COLORS.connects },
    ],
    [minutes, t],
  );
  const occupancyLines = useMemo<TimeChartLine[]>(
    () => [{ label: t('wallboard.charts.occupancyLine'), values: minutes.occupancy, color: COLORS.occupancy, fill: true }],
    [minutes, t],
  );
  const stateLines = useMemo<TimeChartLine[]>(
    () => FLOOR_STATES.map((state) => ({ label: t(`wallboard.grid.states.${state}`), values: minutes.agents[state], color: STATE_COLORS[state] })),
    [minutes, t],
  );
  const capMax = Math.max(0.05, ...abandon.map((sample) => Math.max(sample.rate, sample.cap ?? 0) * 1.25));
  // The four charts share the last half hour as their time axis.
  const xRange: [number, number] | undefined = minutes.x.length > 0 ? [minutes.x[0], minutes.x[minutes.x.length - 1] + 60] : undefined;
  const count = (value: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);

  return (
    <div className="wb-charts">
      <TimeChart title={t('wallboard.charts.abandon')} summary={latest(abandonLines, (v) => percent(v, locale, 2))} x={abandonX} lines={abandonLines} formatY={pct} yRange={[0, capMax]} xRange={xRange} />
      <TimeChart title={t('wallboard.charts.perMinute')} summary={latest(callLines, count)} x={minutes.x} lines={callLines} formatY={count} xRange={xRange} />
      <TimeChart title={t('wallboard.charts.occupancy')} summary={latest(occupancyLines, pct)} x={minutes.x} lines={occupancyLines} formatY={pct} yRange={[0, 1]} xRange={xRange} />
      <TimeChart title={t('wallboard.charts.agents')} summary={latest(stateLines, count)} x={minutes.x} lines={stateLines} formatY={count} xRange={xRange} />
    </div>
  );
}
