import { homeFor, sectionsFor } from './navigation';

describe('the web app’s sections by role', () => {
  it('lands each role on its own first page', () => {
    expect(homeFor('agent')).toBe('/desk');
    expect(homeFor('manager')).toBe('/console/wallboard');
    expect(homeFor('compliance')).toBe('/compliance/exports');
    expect(homeFor('nobody')).toBe('/login');
  });

  it('gives users to admins only and the desk to agents only', () => {
    expect(sectionsFor('admin').map((s) => s.key)).toContain('users');
    expect(sectionsFor('manager').map((s) => s.key)).not.toContain('users');
    expect(sectionsFor('agent').map((s) => s.key)).toEqual(['desk']);
  });

  it('gives managers the reports but not the call-results export (every callee’s personal data), which is compliance’s and the admin’s', () => {
    expect(sectionsFor('manager').map((s) => s.key)).toContain('reports');
    expect(sectionsFor('manager').map((s) => s.key)).not.toContain('exports');
    expect(sectionsFor('compliance').map((s) => s.key)).toEqual(expect.arrayContaining(['exports', 'reports']));
    expect(sectionsFor('admin').map((s) => s.key)).toEqual(expect.arrayContaining(['exports', 'reports']));
  });
});
