import { EMPTY_EXPORT_FORM, exportRequestOf, toggled } from './export-request';

describe('exportRequestOf', () => {
  it('asks for every attempt when nothing narrows it', () => {
    expect(exportRequestOf(EMPTY_EXPORT_FORM)).toEqual({ kind: 'attempts', format: 'csv', encoding: 'utf-8', filters: {} });
  });

  it('sends each filter that narrows, the range as instants, agent ids however they were separated', () => {
    const request = exportRequestOf({
      ...EMPTY_EXPORT_FORM,
      encoding: 'shift_jis',
      campaignIds: ['c1'],
      listIds: ['l1', 'l2'],
      from: '2026-12-01T00:00',
      to: '',
      dispositions: ['SALE'],
      agentIds: ' a1, a2\n a3 ',
      outcomes: ['abandoned'],
    });
    expect(request).toEqual({
      kind: 'attempts',
      format: 'csv',
      encoding: 'shift_jis',
      filters: {
        campaignIds: ['c1'],
        listIds: ['l1', 'l2'],
        from: new Date(2026, 11, 1).toISOString(),
        dispositions: ['SALE'],
        agentIds: ['a1', 'a2', 'a3'],
        outcomes: ['abandoned'],
      },
    });
  });

  it('sends an XLSX export as Unicode whatever encoding was left chosen', () => {
    expect(exportRequestOf({ ...EMPTY_EXPORT_FORM, format: 'xlsx', encoding: 'shift_jis' })).toEqual({ kind: 'attempts', format: 'xlsx', encoding: 'utf-8', filters: {} });
  });

  it('toggles a choice without repeating it', () => {
    expect(toggled(['a'], 'a', true)).toEqual(['a']);
    expect(toggled(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggled(['a', 'b'], 'a', false)).toEqual(['b']);
  });
});
