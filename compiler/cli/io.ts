/** What a command may touch of the process: its output streams, standard input, the working directory and whether to colour. */
export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly cwd: string;
  readonly color: boolean;
  /** Standard input, read whole (for the input `-`). @default none: `-` reads as empty */
  readonly stdin?: () => string;
}
