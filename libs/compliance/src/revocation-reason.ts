import { REVOCATION_CHANNELS, RevocationChannel } from './entities/consent-revocation.entity';

/** A revocation as its DNC entry's reason holds it: the channel it came by and what the person said. */
export interface RevocationReason {
  channel: RevocationChannel;
  content: string;
}

const PATTERN = /^revoked \(([a-z_]+)\): ([\s\S]*)$/;

/** The reason a revocation writes on its DNC entry: English, for the audit trail, exports and scripts. */
export function revocationReason({ channel, content }: RevocationReason): string {
  return `revoked (${channel}): ${content}`.slice(0, 500);
}

/** A DNC entry's reason read back as the revocation that wrote it (null for any other reason), so a page can word it in its language. */
export function readRevocationReason(reason: string | null): RevocationReason | null {
  const match = PATTERN.exec(reason ?? '');
  const channel = REVOCATION_CHANNELS.find((known) => known === match?.[1]);
  return match && channel ? { channel, content: match[2] } : null;
}
