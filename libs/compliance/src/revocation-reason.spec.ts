import { readRevocationReason, revocationReason } from './revocation-reason';

describe('a revocation reason on a DNC entry', () => {
  it('reads back what it wrote, and nothing from another reason', () => {
    const written = revocationReason({ channel: 'compliance_user', content: 'asked by letter: no more calls' });
    expect(written).toBe('revoked (compliance_user): asked by letter: no more calls');
    expect(readRevocationReason(written)).toEqual({ channel: 'compliance_user', content: 'asked by letter: no more calls' });
    expect(readRevocationReason('customer asked')).toBeNull();
    expect(readRevocationReason('revoked (fax): hello')).toBeNull();
    expect(readRevocationReason(null)).toBeNull();
  });
});
