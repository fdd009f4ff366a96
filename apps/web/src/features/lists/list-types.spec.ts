import { ApiError } from '../../api/client';
import { isMissing, isRecordId } from './list-types';

describe('a list’s or lead’s address', () => {
  it('names a record only with a UUID, so /console/lists/not-a-uuid says there is no such list without asking the api', () => {
    expect(isRecordId('3e527e3c-fe37-461c-a543-2619a1bd0238')).toBe(true);
    for (const id of ['not-a-uuid', '', '%00', '3e527e3c-fe37-461c-a543-2619a1bd0238x', '../3e527e3c']) expect(isRecordId(id)).toBe(false);
  });

  it('is missing when the api answers 404, not when it fails otherwise (that keeps its retry)', () => {
    const id = '3e527e3c-fe37-461c-a543-2619a1bd0238';
    expect(isMissing(id, new ApiError(404, 'LIST_NOT_FOUND', 'Lead list does not exist'))).toBe(true);
    expect(isMissing(id, new ApiError(503, 'UNAVAILABLE', 'down'))).toBe(false);
    expect(isMissing(id, null)).toBe(false);
    expect(isMissing('not-a-uuid', null)).toBe(true);
  });
});
