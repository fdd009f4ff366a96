import { loggableUrl } from './pino-options';

describe('loggableUrl', () => {
  it('redacts credentials in the query and masks phone numbers', () => {
    expect(loggableUrl('/admin/queues/board?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe('/admin/queues/board?token=[redacted]');
    expect(loggableUrl('/x?a=1&Token=abc&b=2')).toBe('/x?a=1&Token=[redacted]&b=2');
    expect(loggableUrl('/dnc/212-555-0143?page=2')).toBe('/dnc/***-***-**43?page=2');
    expect(loggableUrl('/campaigns?tokens=3')).toBe('/campaigns?tokens=3');
  });

  it('masks numbers the api accepts percent-encoded or in full-width digits, and credentials behind an encoded name', () => {
    const logged = [
      loggableUrl('/dnc/%2B1%20212%20555%200143'),
      loggableUrl('/leads?q=%2B1-212-555-0143'),
      loggableUrl(`/subjects/${encodeURIComponent('２１２５５５０１４３')}`),
      loggableUrl('/subjects/２１２５５５０１４３'),
    ];
    for (const url of logged) expect(url).not.toMatch(/212|555|014/);
    expect(logged[0]).toMatch(/43$/);
    expect(loggableUrl('/admin/queues/board?%74oken=abc')).toBe('/admin/queues/board?token=[redacted]');
    // A malformed escape is kept as sent, not thrown on.
    expect(loggableUrl('/x/%E0%A4%A?a=%zz')).toBe('/x/%E0%A4%A?a=%zz');
  });
});
