import { plainToInstance, Type } from 'class-transformer';
import { nullFieldsOf, NullAllowed } from './null-allowed';

class Window {
  start?: string | null;
}

class Week {
  @NullAllowed() sun?: Window | null;
  @Type(() => Window) mon?: Window;
}

class Body {
  role?: string | null;
  @Type(() => Week) weekly?: Week;
  @Type(() => Window) windows?: Window[];
  /** A free-form map: its inner values are its own validator's business. */
  extra?: Record<string, unknown>;
}

describe('nullFieldsOf', () => {
  it('names explicit nulls the class does not allow, in nested objects and arrays', () => {
    const body = plainToInstance(Body, { role: null, weekly: { sun: null, mon: { start: null } }, windows: [{ start: '9' }, { start: null }], extra: { x: null } });
    expect(nullFieldsOf(body).map((p) => p.field).sort()).toEqual(['role', 'weekly.mon.start', 'windows[1].start']);
  });

  it('lets a @NullAllowed field be null, and says how to keep a value', () => {
    expect(nullFieldsOf(plainToInstance(Week, { sun: null }))).toEqual([]);
    expect(nullFieldsOf(plainToInstance(Body, { role: null }))[0].messages[0]).toMatch(/must not be null; leave it out/);
  });
});
