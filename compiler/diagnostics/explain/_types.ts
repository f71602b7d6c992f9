/** Documentation of one catalog code: why it matters (one line), an input that triggers it, and the same input fixed. */
export interface CodeDoc {
  readonly why: string;
  readonly bad: string;
  readonly fixed: string;
  /** The language of the examples, for the Markdown code fence. */
  readonly lang?: "yaml" | "ts" | "text" | "shell";
}

/** Shorthand: `[why, bad, fixed, lang?]`. */
export type DocRow = readonly [why: string, bad: string, fixed: string, lang?: CodeDoc["lang"]];

export type DocTable = Readonly<Record<number, DocRow>>;
