/** The shape of a locale: every key of the English strings, each a string. Japanese must have exactly these keys. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
