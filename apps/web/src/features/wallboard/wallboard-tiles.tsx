import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import { percent, Tiles } from './wallboard-figures';

function Tile({ id, label, value, note, tone }: { id: string; label: string; value: string; note?: string; tone?: 'bad' | 'ok' }) {
  return (
    <div className={`wb-tile${tone ? ` wb-tile-${tone}` : ''}`} data-tile={id}>
      <dt>{label}</dt>
      <dd>
        <span className="wb-tile-value">{value}</span>
        {note && <span className="wb-tile-note">{note}</span>}
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
  return (
    <dl className="wb-tiles" aria-label={t('wallboard.tiles.label')}>
      <Tile id="dials" label={t('wallboard.tiles.dials')} value={number(tiles.dials)} />
      <Tile id="answer-rate" label={t('wallboard.tiles.answerRate')} value={percent(tiles.answerRate, locale)} />
      <Tile id="contact-rate" label={t('wallboard.tiles.contactRate')} value={percent(tiles.contactRate, locale)} />
      <Tile
        id="abandon-rate"
        label={t('wallboard.tiles.abandonRate')}
        value={percent(tiles.abandonRate, locale, 2)}
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
        value={tiles.averageWaitSec === null ? '—' : t('wallboard.tiles.seconds', { value: tiles.averageWaitSec.toFixed(1) })}
      />
      <Tile id="occupancy" label={t('wallboard.tiles.occupancy')} value={percent(tiles.occupancy, locale)} />
      <Tile id="in-flight" label={t('wallboard.tiles.inFlight')} value={number(tiles.inFlight)} />
      <Tile id="dial-level" label={t('wallboard.tiles.dialLevel')} value={number(tiles.dialLevel)} />
      <Tile id="agents" label={t('wallboard.tiles.agents')} value={number(tiles.agents)} />
    </dl>
  );
}
