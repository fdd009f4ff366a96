import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import { percent, Tiles } from './wallboard-figures';

/**
 * One figure: its label, its value, and what it counts (UI.md: every figure
 * says what it counts) as the tile's tooltip and as the label's accessible
 * description, so a screen reader gives the formula too.
 */
function Tile({ id, label, value, formula, note, tone }: { id: string; label: string; value: string; formula: string; note?: string; tone?: 'bad' | 'ok' }) {
  const formulaId = useId();
  return (
    <div className={`wb-tile${tone ? ` wb-tile-${tone}` : ''}`} data-tile={id} title={formula}>
      <dt aria-describedby={formulaId}>{label}</dt>
      <dd>
        <span className="wb-tile-value">{value}</span>
        {note && <span className="wb-tile-note">{note}</span>}
        <span hidden id={formulaId} className="wb-tile-formula">
          {formula}
        </span>
      </dd>
    </div>
  );
}

/** The wallboard's tiles: what a supervisor reads from across the room. */
export function WallboardTiles({ tiles }: { tiles: Tiles }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const number = (value: number) => formatNumber(value, locale);
  const overCap = tiles.capRate !== null && tiles.abandonRate > tiles.capRate;
  const lastHour = (kpi: string) => t('kpi.lastHour', { formula: t(`kpi.formulas.${kpi}`) });
  const abandonFormula = [
    tiles.windowHours !== null ? t('kpi.window', { hours: tiles.windowHours, formula: t('kpi.formulas.abandonRate') }) : t('kpi.formulas.abandonRate'),
    t('wallboard.tiles.formulas.amdFalsePositives'),
  ].join(' ');
  return (
    <dl className="wb-tiles" aria-label={t('wallboard.tiles.label')}>
      <Tile id="dials" label={t('wallboard.tiles.dials')} value={number(tiles.dials)} formula={lastHour('dials')} />
      <Tile id="answer-rate" label={t('wallboard.tiles.answerRate')} value={percent(tiles.answerRate, locale)} formula={lastHour('answerRate')} />
      <Tile id="contact-rate" label={t('wallboard.tiles.contactRate')} value={percent(tiles.contactRate, locale)} formula={lastHour('contactRate')} />
      <Tile
        id="abandon-rate"
        label={t('wallboard.tiles.abandonRate')}
        value={percent(tiles.abandonRate, locale, 2)}
        formula={abandonFormula}
        note={[
          tiles.capRate !== null ? t('wallboard.tiles.abandonWindow', { hours: tiles.windowHours, cap: percent(tiles.capRate, locale, 1) }) : null,
          overCap ? t('wallboard.tiles.overCap') : null,
        ]
          .filter(Boolean)
          .join(' · ')}
        tone={overCap ? 'bad' : 'ok'}
      />
      <Tile
        id="average-wait"
        label={t('wallboard.tiles.averageWait')}
        value={tiles.averageWaitSec === null ? '—' : t('kpi.seconds', { value: tiles.averageWaitSec.toFixed(1) })}
        formula={lastHour('averageSpeed')}
      />
      <Tile id="occupancy" label={t('wallboard.tiles.occupancy')} value={percent(tiles.occupancy, locale)} formula={t('wallboard.tiles.formulas.occupancy')} />
      <Tile id="in-flight" label={t('wallboard.tiles.inFlight')} value={number(tiles.inFlight)} formula={t('wallboard.tiles.formulas.inFlight')} />
      <Tile id="dial-level" label={t('wallboard.tiles.dialLevel')} value={number(tiles.dialLevel)} formula={t('wallboard.tiles.formulas.dialLevel')} />
      <Tile id="agents" label={t('wallboard.tiles.agents')} value={number(tiles.agents)} formula={t('wallboard.tiles.formulas.agents')} />
    </dl>
  );
}
