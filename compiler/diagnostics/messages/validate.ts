/** 2000–2099: validation equivalent to Istio's admission webhook and CRD rules; 2100+: references. */
import { diag } from "../diagnostic.ts";

export const validateMessages = {} as const;
