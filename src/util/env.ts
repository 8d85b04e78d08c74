// The process environment as the code reads it: passed in as a plain record, so tests give their own.

export type Env = Readonly<Record<string, string | undefined>>;
