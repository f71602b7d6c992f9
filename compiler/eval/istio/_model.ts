/** The Istio engine's trace of one condition. The request model both engines share is in ../_shared/model.ts. */

/** A condition that decided a match, for the trace: `headers[end-user] exact 'jason'`. */
export interface Check {
  readonly ok: boolean;
  readonly text: string;
}
