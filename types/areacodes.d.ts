declare module 'areacodes/lib/data.json' {
  /** Each NANP area code (three digits) and the state it is assigned to. */
  const data: Record<string, { type: string; state?: string; stateCode?: string }>;
  export default data;
}
