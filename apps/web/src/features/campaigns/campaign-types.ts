import type { components } from '../../api/schema';

export type Campaign = components['schemas']['CampaignView'];
export type Settings = components['schemas']['CampaignSettingsDto'];
export type Readiness = components['schemas']['ReadinessView'];
export type Issue = components['schemas']['ReadinessIssueView'];
export type Disposition = components['schemas']['DispositionView'];
export type AttachedList = components['schemas']['CampaignListView'];
export type Stats = components['schemas']['CampaignStatsView'];
export type SurveyQuestion = components['schemas']['SurveyQuestionDto'];

// The api's enums as values for the selects; `satisfies` makes a drift from the api's type a compile error.
export const KINDS = ['telemarketing', 'survey', 'collections'] as const satisfies readonly Campaign['kind'][];
export const MODES = ['preview', 'progressive', 'power', 'predictive', 'agentless'] as const satisfies readonly Campaign['dialingMode'][];
export const JURISDICTIONS = ['US', 'UK', 'JP'] as const satisfies readonly Campaign['jurisdiction'][];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const DISPOSITION_FLAGS = ['isFinal', 'isSuccess', 'isCallback', 'isDnc', 'isContact', 'isRefusal'] as const satisfies readonly (keyof Disposition)[];
