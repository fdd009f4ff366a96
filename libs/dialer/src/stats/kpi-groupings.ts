/** How the KPI report groups its rows: by day or hour of the asked zone, by agent, by the lead's list. */
export const KPI_GROUPINGS = ['day', 'hour', 'agent', 'list'] as const;
export type KpiGrouping = (typeof KPI_GROUPINGS)[number];
