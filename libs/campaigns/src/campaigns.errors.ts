import { DomainError } from '@dialer/core';
import { ReadinessIssue } from './config/campaign-readiness';
import { allowedFrom, LifecycleAction } from './campaign-lifecycle';
import { CampaignStatus } from './entities/campaign.entity';

export class CampaignNotReadyError extends DomainError {
  constructor(problems: ReadinessIssue[], warnings: ReadinessIssue[]) {
    super(
      'CAMPAIGN_NOT_READY',
      `The campaign cannot dial yet: ${problems.map((p) => p.message).join('; ')}`,
      'unprocessable',
      { problems, warnings },
    );
  }
}

/** A change to an active or paused campaign that would leave it unable to dial lawfully. */
export class CampaignChangeRefusedError extends DomainError {
  constructor(status: CampaignStatus, problems: ReadinessIssue[]) {
    super(
      'CAMPAIGN_CHANGE_REFUSED',
      `This change would leave the ${status} campaign unable to dial lawfully: ${problems.map((p) => p.message).join('; ')}`,
      'unprocessable',
      { problems },
    );
  }
}

/** A change sent from a version of the campaign someone else has changed since: applying it would undo theirs. */
export class CampaignChangedError extends DomainError {
  constructor(expectedVersion: number, currentVersion: number) {
    super('CAMPAIGN_CHANGED', 'The campaign was changed by someone else since you opened it', 'conflict', { expectedVersion, currentVersion });
  }
}

export class CampaignTransitionError extends DomainError {
  constructor(action: LifecycleAction, status: CampaignStatus) {
    super(
      'CAMPAIGN_INVALID_TRANSITION',
      `Cannot ${action} a campaign that is ${status} (only one that is ${allowedFrom(action).join(' or ')})`,
      'conflict',
      { action, status },
    );
  }
}

export class CampaignClosedError extends DomainError {
  constructor(status: CampaignStatus) {
    super('CAMPAIGN_CLOSED', `A ${status} campaign can no longer be changed`, 'conflict', { status });
  }
}

export class DispositionCodeTakenError extends DomainError {
  constructor(code: string) {
    super('DISPOSITION_CODE_TAKEN', `The campaign already has a disposition ${code}`, 'conflict', { code });
  }
}
