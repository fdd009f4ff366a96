/**
 * What the api refused about one field, in Japanese, by the rule it names: a
 * validation's rule (class-validator's name: `isPhoneNumber`, `notBefore`…),
 * a phone number's problem, a campaign readiness issue's code. The api's
 * English messages carry the figures (a limit, a profile's hours); where a
 * sentence here cannot, it says what to change. A rule not listed keeps the
 * api's message.
 */
export const FIELD_RULES_JA: Readonly<Record<string, string>> = {
  // Validation rules
  isPhoneNumber: '電話番号は E.164 形式（例: +81312345678）で入力してください。',
  INVALID_PHONE: '電話番号として読み取れません。番号と国を確認してください。',
  MISSING_PHONE: '電話番号を入力してください。',
  notBefore: '開始より前の日時は指定できません。',
  isInstant: '日時として読み取れません。',
  isIso8601: '日時として読み取れません。',
  isNotEmpty: '入力してください。',
  isDefined: '入力してください。',
  notNull: '空にはできません。',
  maxLength: '長すぎます。',
  minLength: '短すぎます。',
  isLength: '長さが範囲外です。',
  min: '値が小さすぎます。',
  max: '値が大きすぎます。',
  isInt: '整数で入力してください。',
  isNumber: '数値で入力してください。',
  isIn: '選べる値ではありません。',
  isEnum: '選べる値ではありません。',
  isUuid: 'ID の形式が正しくありません。',
  isEmail: 'メールアドレスの形式が正しくありません。',
  matches: '形式が正しくありません。',
  isBoolean: '値の種類が正しくありません。',
  isString: '値の種類が正しくありません。',
  isArray: '値の種類が正しくありません。',
  isObject: '値の種類が正しくありません。',
  arrayMaxSize: '項目が多すぎます。',
  arrayMinSize: '項目が足りません。',
  isStringRecord: '形式が正しくありません。',
  isRetryRules: '再試行ルールの形式が正しくありません。',
  whitelistValidation: 'この項目は受け付けられません。',
  UNKNOWN_COUNTRY: '国コードとして認識できません。ISO の 2 文字のコード（例: JP、US、GB）で入力してください。',
  // Campaign readiness (problems block the start; warnings do not)
  NO_LISTS: 'リストを 1 つ以上割り当ててください。',
  NO_DIALABLE_LEADS: '割り当てたリストに架電できる架電先が残っていません。',
  NO_CALLER_ID: '発信者番号を 1 つ以上追加してください。',
  INVALID_CALLER_ID: '発信者番号が E.164 形式の有効な番号ではありません。',
  RING_TOO_SHORT: '呼び出し時間が短すぎます。適用される規制の最短時間以上にしてください。',
  ABANDON_MESSAGE_MISSING: '放棄時メッセージを設定してください（発信者名・折り返し番号・拒否の方法）。',
  INVALID_CALLBACK_NUMBER: '折り返し番号が E.164 形式の有効な番号ではありません。',
  ABANDON_CAP_TOO_HIGH: '放棄率の上限が規制の上限を超えています。',
  TARGET_NOT_UNDER_CAP: '放棄率の目標は上限より低くしてください。',
  EMPTY_WINDOW: '架電時間帯の開始が終了より前になっていません。',
  OUTSIDE_LAWFUL_HOURS: '架電時間帯が、架電先の現地時間で認められた時間の外にあります。',
  NO_CALLING_DAYS: '架電できる曜日がありません。',
  INVALID_ATTEMPT_LIMITS: '架電回数の上限は 1 回以上にしてください。',
  INVALID_NUMBER_ORDER: '架電する番号（main・alt1・alt2）をそれぞれ 1 回ずつ、順番に指定してください。',
  MAIN_NUMBER_NOT_DIALED: '架電先の主番号（main）に架電しない設定になっています。',
  INVALID_POWER_RATIO: 'パワー発信の倍率が範囲外です（1 以上、オペレーター 1 人あたりの最大回線数以下）。',
  INVALID_CPS: '毎秒の発信数は 1 以上にしてください。',
  CPS_ABOVE_ACCOUNT: '毎秒の発信数が Twilio アカウントの上限を超えています。上限までしか発信しません。',
  REGISTRY_COPY_STALE: '使用中の国の架電禁止登録簿の写しが古すぎます。新しい写しを読み込んでください。',
  SURVEY_MISSING: 'アンケートの質問を 1 つ以上追加してください。',
  NO_LINES: '回線数は 1 以上にしてください。',
  CONSENT_REQUIRED: '自動音声の発信には同意の記録が必要です。同意のない番号は飛ばします。',
  NO_ANSWERS: '回答が 1 つもない質問があります。',
  ANSWER_NOT_A_KEY: '自動音声の回答は 1 つのキー（0–9、*、#）にしてください。',
  VOICEMAIL_MESSAGE_MISSING: '留守番電話に残すメッセージを設定してください。',
  INVALID_AMD_FALSE_POSITIVE_RATE: '留守電判定の誤判定率は 0 以上 1 未満の割合にしてください。',
  AMD_FALSE_POSITIVE_RATE_ASSUMED: '留守電判定の誤判定率が未設定のため、既定の割合を仮定しています。測定した割合を設定してください。',
  ABANDON_WINDOW_FIXED: '放棄率の集計期間は規制で決まっているため、設定した時間は使われません。',
  SYNC_AMD_DELAY: '同期の留守電判定は接続を遅らせます。非同期をおすすめします。',
  RECORDING_DISCLOSURE_MISSING: '通話録音を行う場合は、その告知を設定してください。',
  IDENTITY_MISSING: '氏名等の明示（事業者名と勧誘目的）を設定してください。',
  PRODUCT_MISSING: '商品名を設定してください（お断りをその商品について記録するため）。',
  INVALID_SCRIPT: 'トークスクリプトのテンプレートに誤りがあります。',
  UNKNOWN_SCRIPT_FIELDS: 'トークスクリプトが、どの架電先にもない項目を使っています。',
  NO_FINAL_DISPOSITION: '架電先を完了にする通話結果を 1 つ以上用意してください。',
  PREDICTIVE_FEW_AGENTS: 'オペレーターが少ないため、予測発信の効果が出ません。プログレッシブ発信をおすすめします。',
  NO_AGENTS: 'ログイン中のオペレーターがいません。待機中のオペレーターが出るまで発信しません。',
};

/**
 * The same sentences with the figures the api states beside its code
 * (`params`: a limit, a profile's hours, a number), where it gives them; a
 * sentence whose figures are not all given falls back to FIELD_RULES_JA's.
 */
export const FIELD_RULES_JA_WITH_FIGURES: Readonly<Record<string, string>> = {
  INVALID_CALLER_ID: '発信者番号 {{number}} が E.164 形式の有効な番号ではありません。',
  RING_TOO_SHORT: '呼び出し時間が短すぎます。{{profile}} の規制により {{seconds}} 秒以上にしてください。',
  INVALID_CALLBACK_NUMBER: '折り返し番号 {{number}} が E.164 形式の有効な番号ではありません。',
  ABANDON_CAP_TOO_HIGH: '放棄率の上限が規制の上限（{{profile}}: {{percent}} %）を超えています。',
  EMPTY_WINDOW: '{{day}}の架電時間帯の開始（{{start}}）が終了（{{end}}）より前になっていません。',
  OUTSIDE_LAWFUL_HOURS: '{{day}}の架電時間帯が、架電先の現地時間で認められた時間（{{profile}}: {{start}}–{{end}}）の外にあります。',
  MAIN_NUMBER_NOT_DIALED: '架電する番号が {{numbers}} だけで、架電先の主番号（main）に架電しない設定になっています。',
  INVALID_POWER_RATIO: 'パワー発信の倍率は 1 以上 {{max}} 以下（オペレーター 1 人あたりの最大回線数）にしてください。',
  CPS_ABOVE_ACCOUNT: '毎秒の発信数が Twilio アカウントの上限（毎秒 {{cps}} 件）を超えています。上限までしか発信しません。',
  REGISTRY_COPY_STALE: '使用中の国の架電禁止登録簿の写しは {{days}} 日前のものです。{{maxDays}} 日以内の写しを読み込んでください。',
  CONSENT_REQUIRED: '{{profile}}: 自動音声の発信には同意の記録が必要です。同意のない番号は飛ばします。',
  NO_ANSWERS: '質問「{{question}}」に回答が 1 つもありません。',
  AMD_FALSE_POSITIVE_RATE_ASSUMED: '留守電判定の誤判定率が未設定のため、{{percent}} % と仮定しています。測定した割合を設定してください。',
  ABANDON_WINDOW_FIXED: '放棄率の集計期間は規制（{{profile}}）で {{hours}} 時間と決まっているため、設定した {{setHours}} 時間は使われません。',
  UNKNOWN_SCRIPT_FIELDS: 'トークスクリプトが、どの架電先にもない項目を使っています: {{fields}}',
  PREDICTIVE_FEW_AGENTS: 'ログイン中のオペレーターが {{agents}} 人（{{min}} 人未満）のため、予測発信の効果が出ません。プログレッシブ発信をおすすめします。',
};

/** A readiness issue's `day` (the api's weekday key) as the sentences above name it. */
export const WEEKDAYS_JA: Readonly<Record<string, string>> = {
  mon: '月曜日',
  tue: '火曜日',
  wed: '水曜日',
  thu: '木曜日',
  fri: '金曜日',
  sat: '土曜日',
  sun: '日曜日',
};
