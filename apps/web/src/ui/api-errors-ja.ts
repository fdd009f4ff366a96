/**
 * The api's refusals in Japanese, by their code. The api writes its messages
 * in English (they also serve logs, scripts and the OpenAPI description); a
 * Japanese page shows these instead. A code not listed keeps the api's message.
 */
export const API_ERRORS_JA: Readonly<Record<string, string>> = {
  // Sign-in and access
  AUTH_INVALID_CREDENTIALS: 'メールアドレスまたはパスワードが正しくありません。',
  AUTH_INVALID_TOKEN: 'サインインの有効期限が切れました。もう一度サインインしてください。',
  AUTH_TOO_MANY_FAILURES: 'サインインの失敗が続いたため、しばらくお待ちください。',
  AUTH_FORBIDDEN: 'この操作はあなたのロールでは行えません。',
  // Requests in general
  VALIDATION_FAILED: '入力内容に誤りがあります。各項目を確認してください。',
  BAD_REQUEST: 'リクエストを処理できませんでした。入力内容を確認してください。',
  NOT_FOUND: '見つかりません（削除されたか、URL が誤っています）。',
  CAMPAIGN_NOT_FOUND: 'キャンペーンが見つかりません。',
  INTERNAL_ERROR: 'サーバーで問題が発生しました。しばらくしてから再試行してください。',
  // The agent desk
  AGENT_BUSY: 'オペレーターは通話中（または通話の予約中）です。通話が終わってから操作してください。',
  AGENT_INVALID_TRANSITION: '今の状態ではその操作はできません。',
  AGENT_NOT_IN_CAMPAIGN: 'オペレーターがキャンペーンに参加していません。',
  NO_AUDIO: '音声が接続されていません。ヘッドセットを接続してから待機中にしてください。',
  AUDIO_UNAVAILABLE: '音声回線に接続できません。しばらくしてから再試行してください。',
  AUDIO_NOT_EMULATED: 'この環境では音声はブラウザのソフトフォンで接続します。',
  // Call monitoring (wallboard)
  AGENT_NOT_ON_CALL: 'このオペレーターは通話中ではありません。通話中のオペレーターだけモニタリングできます。',
  AGENT_ALREADY_MONITORED: 'この通話はすでに別のスーパーバイザーがモニタリングしています。',
  SUPERVISOR_ALREADY_MONITORING: 'あなたはすでに別のオペレーターの通話をモニタリングしています。先にそちらを終了してください。',
  NOT_MONITORING: 'この通話をモニタリングしていません（通話が終了した可能性があります）。',
  SUPERVISOR_AUDIO_UNAVAILABLE: 'あなたの音声を通話に接続できません。マイクとヘッドセットを確認してください。',
  DISPOSITION_REQUIRED: '前の通話の通話結果を登録してから待機中にしてください。',
  DISPOSITION_ALREADY_SET: 'この通話の通話結果はすでに登録されています。',
  CALL_NOT_YOURS: 'この通話はあなたに接続されていません。',
  NO_CALL: '対応中の通話はありません。',
  NOT_IN_WRAP_UP: '後処理中ではありません。',
  WRAP_UP_AT_MAXIMUM: '後処理はこれ以上延長できません。',
  PAUSE_REASON_NOT_OFFERED: 'この離席理由はこのキャンペーンでは選べません。',
  CALL_FLOW_BUSY: '通話の処理が混み合っています。もう一度お試しください。',
  // Campaigns
  CAMPAIGN_NOT_ACTIVE: 'キャンペーンが稼働していません。',
  CAMPAIGN_NOT_READY: 'キャンペーンを開始できません。表示された項目を直してください。',
  CAMPAIGN_CHANGE_REFUSED: 'この変更は稼働中のキャンペーンに問題を生じさせるため保存できません。',
  CAMPAIGN_CLOSED: 'このキャンペーンは終了しているため変更できません。',
  CAMPAIGN_CHANGED: '開いた後に別の人がこのキャンペーンを変更しました。最新の内容を読み込んでから保存し直してください。',
  CAMPAIGN_INVALID_TRANSITION: '今の状態のキャンペーンにはその操作はできません。',
  DISPOSITION_CODE_TAKEN: 'この通話結果コードはすでに使われています。',
  // Lists and imports
  UPLOAD_TOO_LARGE: 'ファイルが大きすぎます。',
  UPLOAD_MISSING: 'アップロードしたファイルが残っていません。もう一度アップロードしてください。',
  UPLOAD_FILE_MISSING: 'ファイルが選ばれていません。',
  UPLOAD_MALFORMED: 'アップロードが壊れています。もう一度アップロードしてください。',
  UPLOAD_NOT_MULTIPART: 'ファイルはフォームから送ってください。',
  UPLOAD_ABORTED: 'アップロードが中断されました。もう一度アップロードしてください。',
  UPLOAD_NOT_STORED: 'アップロードしたファイルを保存できませんでした。しばらくしてから再試行してください。',
  EMPTY_FILE: 'ファイルが空です。',
  NOT_A_CSV: 'CSV ファイルではないようです。',
  NO_ROWS: 'データの行がありません（ヘッダー行しかないか、どの行も区切り文字や空の引用符だけです）。',
  NO_PHONE_COLUMN: '電話番号の列が見つかりません。プレビューの列の割り当てで、電話番号が入っている列に「電話番号」を選んでください。',
  TOO_MANY_COLUMNS: '列が多すぎます（200 列まで）。',
  INVALID_MAPPING: '列の割り当てに誤りがあります。',
  INVALID_CHARACTERS: '読み取れない文字が含まれています。文字コードを確認してください。',
  UNSUPPORTED_ENCODING: 'この文字コードには対応していません（UTF-8・UTF-16・Shift_JIS・Windows-1252 に対応）。Shift_JIS のファイルなら文字コードで Shift_JIS を選んでください。ほかは UTF-8 で保存し直してください。',
  ENCODING_MISMATCH: '選んだ文字コードではファイルを正しく読めません。',
  CONSENT_COLUMNS_MISSING: '同意の列が足りません。',
  IMPORT_BUSY: 'このリストは別の取り込みを処理中です。終わってから再試行してください。',
  IMPORT_NOT_UNDOABLE: 'この取り込みは取り消せません。',
  IMPORT_NOT_QUEUED: '取り込みを開始できませんでした。しばらくしてから再試行してください。',
  IMPORT_ERROR: '取り込みを再試行しても完了できませんでした。もう一度アップロードしてください。',
  IMPORT_ABANDONED: '取り込みが途中で止まり、再試行されません。もう一度アップロードしてください。',
  // Compliance records
  INVALID_PHONE: '電話番号として読み取れません。',
  CONSENT_ALREADY_REVOKED: 'この同意はすでに撤回されています。',
  CONSENT_GRANTED_IN_FUTURE: '同意の日時が未来になっています。',
  REVOCATION_RECEIVED_IN_FUTURE: '撤回を受けた日時が未来になっています。',
  REVOCATION_RECEIVED_TOO_EARLY: '撤回を受けた日時が TCPA の施行日（1991-12-20）より前になっています。',
  DNC_HELD_BY_REVOCATION: 'この番号は同意の撤回を受けて発信禁止になっています。撤回の後に改めて同意を得るまで外せません。',
  EXPORT_NOT_READY: 'エクスポートはまだ作成中です。',
  EXPORT_EXPIRED: 'このエクスポートは有効期限が切れました。もう一度作成してください。',
  EXPORT_FILE_MISSING: 'エクスポートのファイルがありません。もう一度作成してください。',
  EXPORT_NOT_QUEUED: 'エクスポートを開始できませんでした。しばらくしてから再試行してください。',
  // Users
  USER_EMAIL_TAKEN: 'このメールアドレスはすでに使われています。',
  USER_LAST_ADMIN: '最後の管理者は変更・無効化できません。',
  // Telephony
  TELEPHONY_UNAVAILABLE: '電話回線サービスに接続できません。しばらくしてから再試行してください。',
  TELEPHONY_RATE_LIMITED: '電話回線サービスの上限に達しました。しばらくしてから再試行してください。',
  TELEPHONY_CREDENTIALS_REJECTED: '電話回線サービスの認証に失敗しました。管理者に連絡してください。',
  TELEPHONY_REQUEST_REJECTED: '電話回線サービスが要求を受け付けませんでした。',
};

/**
 * The same refusals with the figures the api gives beside them (`details`),
 * used when every figure a sentence names is given (else the sentence above):
 * which byte and where, how many columns. A code may have variants by a
 * detail (`CODE.detail=value`, tried first). `columnList`: `details.columns`
 * (an array of names) written out.
 */
export const API_ERRORS_JA_WITH_DETAILS: Readonly<Record<string, string>> = {
  INVALID_CHARACTERS:
    'UTF-8 のファイルですが、{{line}} 行目（先頭から {{offset}} バイト目）のバイト {{byte}} は UTF-8 として読み取れません。その文字を直すか削除するか、UTF-8 で保存し直してください。',
  ENCODING_MISMATCH: '選んだ文字コード（{{encoding}}）では、先頭から {{offset}} バイト目のバイト {{byte}} を読み取れません。文字コードを「自動判定」に戻してください。',
  TOO_MANY_COLUMNS: 'ファイルに {{columns}} 列あります。取り込めるのは {{limit}} 列までです。',
  'NO_ROWS.reason=ONLY_DELIMITERS': 'ファイルに値がありません。どの行も区切り文字や空の引用符だけです。',
  'NO_ROWS.reason=HEADER_ONLY': 'ヘッダー行のほかにデータの行がありません。',
  NO_PHONE_COLUMN:
    '電話番号の列が見つかりません（ファイルの列: {{columnList}}）。プレビューの列の割り当てで、電話番号が入っている列に「電話番号」を選んでください。',
  CONSENT_COLUMNS_MISSING: '同意の列が足りません（ファイルの列: {{columnList}}）。',
};
