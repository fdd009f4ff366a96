import { useEffect, useState } from 'react';
import { serverNow } from '../api/server-clock';

/**
 * The server's time now, refreshed every `everyMs` (timers in state bars and
 * countdowns): every "since" the api sends is on the server's clock, so the
 * time since it is too, whatever the browser's clock says (api/server-clock).
 */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
