import type { Strings } from './strings';

/**
 * What each KPI counts, one wording for every page that shows it (the
 * wallboard's tiles, the reports' columns): DOMAIN.md's definitions, as the
 * api computes them (attempt-classes.ts). UI.md: every figure on a manager's
 * or compliance page says what it counts.
 */
export const en = {
  /** A figure's formula over the last hour (the wallboard). */
  lastHour: 'Last hour. {{formula}}',
  /** A figure's formula over the regulatory window (the wallboard's abandon rate). */
  window: 'Over the regulatory window ({{hours}} h). {{formula}}',
  seconds: '{{value}} s',
  formulas: {
    dials: 'Dials: calls placed (attempts whose call reached, or may have reached, the carrier; previews skipped and calls never placed are not dials)',
    liveAnswers: 'Live answers: calls a person answered (not an answering machine or a fax)',
    answerRate: 'Answer rate = live answers ÷ dials',
    contacts: 'Contacts: live answers whose outcome code is flagged a contact or a success (right-party conversations)',
    contactRate: 'Contact rate = contacts ÷ dials (contacts: live answers whose outcome code is flagged a contact or a success)',
    successes: 'Successes: live answers whose outcome code is flagged a success',
    conversionRate: 'Conversion = successes ÷ contacts',
    abandonRate: 'Abandon rate = abandons ÷ live answers (an abandon: a person answered and no agent was connected within 2 s)',
    averageSpeed: 'Average speed to connect = mean seconds from the callee’s answer to the agent’s connection',
    aht: 'AHT = (talk + wrap-up) ÷ calls handled (connected to an agent)',
    occupancy: 'Occupancy = (talk + wrap-up) ÷ logged-in time',
    talkPerHour: 'Talk minutes per agent-hour = talk minutes ÷ logged-in agent hours',
  },
};

/** 指標の計算方法: 日本語。 */
export const ja: Strings<typeof en> = {
  lastHour: '直近1時間。{{formula}}',
  window: '規制期間（{{hours}}時間）の集計。{{formula}}',
  seconds: '{{value}} 秒',
  formulas: {
    dials: '発信数: 発信した通話（通信事業者に届いた、または届いた可能性のある架電。スキップしたプレビューや発信されなかった架電は含みません）',
    liveAnswers: '接続数（人）: 人が応答した通話（留守番電話・FAX は含みません）',
    answerRate: '接続率 = 接続数（人）÷ 発信数',
    contacts: 'コンタクト数: 通話結果がコンタクトまたは成約の、人が応答した通話（本人との会話）',
    contactRate: 'コンタクト率 = コンタクト数 ÷ 発信数（コンタクト: 通話結果がコンタクトまたは成約の、人が応答した通話）',
    successes: '成約数: 通話結果が成約の、人が応答した通話',
    conversionRate: '成約率 = 成約数 ÷ コンタクト数',
    abandonRate: '放棄率 = 放棄呼 ÷ 接続数（人）（放棄呼: 人が応答し、2秒以内にオペレーターにつながらなかった通話）',
    averageSpeed: '平均応答速度 = 顧客の応答からオペレーター接続までの平均秒数',
    aht: '平均処理時間 = （通話 + 後処理）÷ 対応件数（オペレーターにつながった通話）',
    occupancy: '占有率 = （通話 + 後処理）÷ ログイン時間',
    talkPerHour: '稼働1時間あたり通話分数 = 通話分数 ÷ ログイン時間（時間）',
  },
};
